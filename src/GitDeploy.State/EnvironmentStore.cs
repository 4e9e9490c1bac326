using Dapper;

namespace GitDeploy.State;

public sealed class EnvironmentStore(Database db, TimeProvider clock)
{
    public string? ActiveTag(string app, string env)
    {
        using var c = db.Open();
        return c.ExecuteScalar<string?>(
            "SELECT active_tag FROM environments WHERE app = @app AND env = @env",
            new { app, env }
        );
    }

    public void SetActive(string app, string env, string? tag)
    {
        using var c = db.Open();
        c.Execute(
            "INSERT INTO environments (app, env, active_tag, updated_at) "
                + "VALUES (@app, @env, @tag, @now) ON CONFLICT(app, env) DO "
                + "UPDATE SET active_tag = excluded.active_tag, updated_at "
                + "= excluded.updated_at",
            new
            {
                app,
                env,
                tag,
                now = Clock.Iso(clock.GetUtcNow()),
            }
        );
    }

    public int Scale(string app, string env)
    {
        using var c = db.Open();
        return c.ExecuteScalar<int?>("SELECT scale FROM environments WHERE app = @app AND env = @env", new { app, env })
            ?? 1;
    }

    public void SetScale(string app, string env, int scale)
    {
        using var c = db.Open();
        c.Execute(
            "INSERT INTO environments (app, env, active_tag, updated_at, "
                + "scale) VALUES (@app, @env, NULL, @now, @scale) ON CONFLICT(app, "
                + "env) DO UPDATE SET scale = excluded.scale, updated_at = "
                + "excluded.updated_at",
            new
            {
                app,
                env,
                scale,
                now = Clock.Iso(clock.GetUtcNow()),
            }
        );
    }

    public IReadOnlyList<(string App, string Env, string Tag)> AllActive()
    {
        using var c = db.Open();
        return c.Query<(string, string, string)>(
                "SELECT app, env, active_tag FROM environments WHERE active_tag IS NOT NULL"
            )
            .AsList();
    }
}

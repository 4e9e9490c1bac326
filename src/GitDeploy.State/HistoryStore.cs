using Dapper;

namespace GitDeploy.State;

/// <summary>Who changed what and when: deploys, rollbacks, promotions, restarts, config, scale, tokens.</summary>
public sealed class HistoryStore(Database db, TimeProvider clock)
{
    public void Add(string app, string? env, string action, string detail, string actor)
    {
        using var c = db.Open();
        c.Execute(
            "INSERT INTO history (app, env, action, detail, actor, at) "
                + "VALUES (@app, @env, @action, @detail, @actor, @now)",
            new
            {
                app,
                env,
                action,
                detail,
                actor,
                now = Clock.Iso(clock.GetUtcNow()),
            }
        );
    }

    public IReadOnlyList<HistoryRecord> List(string app, int limit)
    {
        using var c = db.Open();
        return c.Query<HistoryRecord>(
                "SELECT id, app, env, action, detail, actor, at FROM history "
                    + "WHERE app = @app ORDER BY id DESC LIMIT @limit",
                new { app, limit }
            )
            .AsList();
    }
}

using Dapper;

namespace GitDeploy.State;

public sealed class ReleaseStore(Database db, TimeProvider clock)
{
    private const string Columns =
        "app, tag, commit_sha AS CommitSha, message, actor, deploy_id "
        + "AS DeployId, status, build_seconds AS BuildSeconds, created_at "
        + "AS CreatedAt, pinned AS Pinned, pruned AS Pruned";

    public void SetPinned(string app, string tag, bool pinned)
    {
        using var c = db.Open();
        c.Execute(
            "UPDATE releases SET pinned = @pinned WHERE app = @app AND tag = @tag",
            new
            {
                app,
                tag,
                pinned = pinned ? 1 : 0,
            }
        );
    }

    public void MarkPruned(string app, string tag)
    {
        using var c = db.Open();
        c.Execute("UPDATE releases SET pruned = 1 WHERE app = @app AND tag = @tag", new { app, tag });
    }

    public void Add(ReleaseRecord r)
    {
        using var c = db.Open();
        c.Execute(
            "INSERT INTO releases (app, tag, commit_sha, message, actor, "
                + "deploy_id, status, build_seconds, created_at, pinned) VALUES "
                + "(@App, @Tag, @CommitSha, @Message, @Actor, @DeployId, @Status, "
                + "@BuildSeconds, @CreatedAt, @Pinned)",
            r
        );
    }

    public void SetStatus(string app, string tag, string status)
    {
        using var c = db.Open();
        c.Execute(
            "UPDATE releases SET status = @status WHERE app = @app AND tag = @tag",
            new
            {
                app,
                tag,
                status,
            }
        );
    }

    public ReleaseRecord? Find(string app, string tag)
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<ReleaseRecord>(
            $"SELECT {Columns} FROM releases WHERE app = @app AND tag = @tag",
            new { app, tag }
        );
    }

    public IReadOnlyList<ReleaseRecord> List(string app)
    {
        using var c = db.Open();
        return c.Query<ReleaseRecord>($"SELECT {Columns} FROM releases WHERE app = @app ORDER BY tag DESC", new { app })
            .AsList();
    }

    public string? LatestTag(string app)
    {
        using var c = db.Open();
        return c.ExecuteScalar<string?>("SELECT MAX(tag) FROM releases WHERE app = @app", new { app });
    }

    public string Now() => Clock.Iso(clock.GetUtcNow());
}

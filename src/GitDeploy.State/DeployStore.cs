using Dapper;

namespace GitDeploy.State;

public sealed class DeployStore(Database db, SecretBox box, TimeProvider clock)
{
    private const string Columns =
        "id, app, env, ref, commit_sha AS CommitSha, trigger, actor, "
        + "status, tag, error, started_at AS StartedAt, finished_at "
        + "AS FinishedAt";

    public long Create(string app, string env, string gitRef, string commit, string trigger, string actor)
    {
        using var c = db.Open();
        return c.ExecuteScalar<long>(
            "INSERT INTO deploys (app, env, ref, commit_sha, trigger, "
                + "actor, status, started_at) VALUES (@app, @env, @gitRef, "
                + "@commit, @trigger, @actor, @status, @now) RETURNING id",
            new
            {
                app,
                env,
                gitRef,
                commit,
                trigger,
                actor,
                status = DeployStatus.Queued,
                now = Clock.Iso(clock.GetUtcNow()),
            }
        );
    }

    /// <summary>The app's own variables this deploy started the release with (JSON).</summary>
    public void SetConfig(long id, string configJson)
    {
        using var c = db.Open();
        var sealedJson = box.Seal(configJson);
        c.Execute("UPDATE deploys SET config = @sealedJson WHERE id = @id", new { id, sealedJson });
    }

    /// <summary>The config of the newest successful start of TAG in ENV (JSON), or null.</summary>
    public string? ConfigOf(string app, string env, string tag)
    {
        using var c = db.Open();
        return box.OpenOrNull(
            c.ExecuteScalar<string?>(
                "SELECT config FROM deploys WHERE app = @app AND env = @env AND tag = @tag AND status = @ok "
                    + "AND config IS NOT NULL ORDER BY id DESC LIMIT 1",
                new
                {
                    app,
                    env,
                    tag,
                    ok = DeployStatus.Succeeded,
                }
            )
        );
    }

    /// <summary>The config a deploy ran with (JSON), or null.</summary>
    public string? ConfigOfDeploy(long id)
    {
        using var c = db.Open();
        return box.OpenOrNull(c.ExecuteScalar<string?>("SELECT config FROM deploys WHERE id = @id", new { id }));
    }

    public void SetStatus(long id, string status, string? tag = null, string? error = null)
    {
        var finished = status is DeployStatus.Succeeded or DeployStatus.Failed ? Clock.Iso(clock.GetUtcNow()) : null;
        using var c = db.Open();
        c.Execute(
            "UPDATE deploys SET status = @status, tag = COALESCE(@tag, "
                + "tag), error = COALESCE(@error, error), finished_at = COALESCE(@finished, "
                + "finished_at) WHERE id = @id",
            new
            {
                id,
                status,
                tag,
                error,
                finished,
            }
        );
    }

    public DeployRecord? Find(string app, long id)
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<DeployRecord>(
            $"SELECT {Columns} FROM deploys WHERE app = @app AND id = @id",
            new { app, id }
        );
    }

    public IReadOnlyList<DeployRecord> List(string app, int limit)
    {
        using var c = db.Open();
        return c.Query<DeployRecord>(
                $"SELECT {Columns} FROM deploys WHERE app = @app ORDER BY id DESC LIMIT @limit",
                new { app, limit }
            )
            .AsList();
    }

    /// <summary>A deploy that was running when the server died can never finish: mark it failed.</summary>
    public int FailUnfinished(string reason)
    {
        using var c = db.Open();
        return c.Execute(
            "UPDATE deploys SET status = @failed, error = @reason, finished_at "
                + "= @now WHERE status NOT IN (@ok, @failed)",
            new
            {
                failed = DeployStatus.Failed,
                ok = DeployStatus.Succeeded,
                reason,
                now = Clock.Iso(clock.GetUtcNow()),
            }
        );
    }
}

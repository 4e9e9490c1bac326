using System.Globalization;
using Dapper;

namespace GitDeploy.State;

internal static class Clock
{
    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}

public sealed class SettingsStore(Database db)
{
    public string? Get(string key)
    {
        using var c = db.Open();
        return c.ExecuteScalar<string?>("SELECT value FROM settings WHERE key = @key", new { key });
    }

    public void Set(string key, string value)
    {
        using var c = db.Open();
        c.Execute("INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT(key) DO UPDATE SET value = excluded.value", new { key, value });
    }
}

public sealed class AppStore(Database db, TimeProvider clock)
{
    public IReadOnlyList<AppRecord> List()
    {
        using var c = db.Open();
        return c.Query<AppRecord>("SELECT name, created_at AS CreatedAt, app_id AS AppId, app_key AS AppKey, master_key AS MasterKey, hook_key AS HookKey FROM apps ORDER BY name").AsList();
    }

    public AppRecord? Find(string name)
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<AppRecord>("SELECT name, created_at AS CreatedAt, app_id AS AppId, app_key AS AppKey, master_key AS MasterKey, hook_key AS HookKey FROM apps WHERE name = @name", new { name });
    }

    /// <summary>Returns false when the name is taken.</summary>
    public bool TryCreate(AppRecord app)
    {
        using var c = db.Open();
        return c.Execute(
            "INSERT INTO apps (name, created_at, app_id, app_key, master_key, hook_key) VALUES (@Name, @CreatedAt, @AppId, @AppKey, @MasterKey, @HookKey) ON CONFLICT(name) DO NOTHING",
            app) == 1;
    }

    /// <summary>The app's branch → environment map (JSON), or null for the default.</summary>
    public string? Branches(string name)
    {
        using var c = db.Open();
        return c.ExecuteScalar<string?>("SELECT branches FROM apps WHERE name = @name", new { name });
    }

    public void SetBranches(string name, string? json)
    {
        using var c = db.Open();
        c.Execute("UPDATE apps SET branches = @json WHERE name = @name", new { name, json });
    }

    public AppRecord NewRecord(string name, Func<string> secret) =>
        new(name, Clock.Iso(clock.GetUtcNow()), secret()[..24], secret()[..24], secret()[..32], secret()[..32]);

    public bool Delete(string name)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        c.Execute("DELETE FROM instances WHERE app = @name", new { name }, tx);
        var n = c.Execute("DELETE FROM apps WHERE name = @name", new { name }, tx);
        tx.Commit();
        return n == 1;
    }
}

public sealed class DeployStore(Database db, TimeProvider clock)
{
    private const string Columns = "id, app, env, ref, commit_sha AS CommitSha, trigger, actor, status, tag, error, started_at AS StartedAt, finished_at AS FinishedAt";

    public long Create(string app, string env, string gitRef, string commit, string trigger, string actor)
    {
        using var c = db.Open();
        return c.ExecuteScalar<long>(
            "INSERT INTO deploys (app, env, ref, commit_sha, trigger, actor, status, started_at) VALUES (@app, @env, @gitRef, @commit, @trigger, @actor, @status, @now) RETURNING id",
            new { app, env, gitRef, commit, trigger, actor, status = DeployStatus.Queued, now = Clock.Iso(clock.GetUtcNow()) });
    }

    /// <summary>The app's own variables this deploy started the release with (JSON).</summary>
    public void SetConfig(long id, string configJson)
    {
        using var c = db.Open();
        c.Execute("UPDATE deploys SET config = @configJson WHERE id = @id", new { id, configJson });
    }

    /// <summary>The config of the newest successful start of TAG in ENV (JSON), or null.</summary>
    public string? ConfigOf(string app, string env, string tag)
    {
        using var c = db.Open();
        return c.ExecuteScalar<string?>("SELECT config FROM deploys WHERE app = @app AND env = @env AND tag = @tag AND status = @ok AND config IS NOT NULL ORDER BY id DESC LIMIT 1",
            new { app, env, tag, ok = DeployStatus.Succeeded });
    }

    /// <summary>The config a deploy ran with (JSON), or null.</summary>
    public string? ConfigOfDeploy(long id)
    {
        using var c = db.Open();
        return c.ExecuteScalar<string?>("SELECT config FROM deploys WHERE id = @id", new { id });
    }

    public void SetStatus(long id, string status, string? tag = null, string? error = null)
    {
        var finished = status is DeployStatus.Succeeded or DeployStatus.Failed ? Clock.Iso(clock.GetUtcNow()) : null;
        using var c = db.Open();
        c.Execute("UPDATE deploys SET status = @status, tag = COALESCE(@tag, tag), error = COALESCE(@error, error), finished_at = COALESCE(@finished, finished_at) WHERE id = @id",
            new { id, status, tag, error, finished });
    }

    public DeployRecord? Find(string app, long id)
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<DeployRecord>($"SELECT {Columns} FROM deploys WHERE app = @app AND id = @id", new { app, id });
    }

    public IReadOnlyList<DeployRecord> List(string app, int limit)
    {
        using var c = db.Open();
        return c.Query<DeployRecord>($"SELECT {Columns} FROM deploys WHERE app = @app ORDER BY id DESC LIMIT @limit", new { app, limit }).AsList();
    }

    /// <summary>A deploy that was running when the server died can never finish: mark it failed.</summary>
    public int FailUnfinished(string reason)
    {
        using var c = db.Open();
        return c.Execute("UPDATE deploys SET status = @failed, error = @reason, finished_at = @now WHERE status NOT IN (@ok, @failed)",
            new { failed = DeployStatus.Failed, ok = DeployStatus.Succeeded, reason, now = Clock.Iso(clock.GetUtcNow()) });
    }
}

public sealed class ReleaseStore(Database db, TimeProvider clock)
{
    private const string Columns = "app, tag, commit_sha AS CommitSha, message, actor, deploy_id AS DeployId, status, build_seconds AS BuildSeconds, created_at AS CreatedAt, pinned <> 0 AS Pinned, pruned <> 0 AS Pruned";

    public void SetPinned(string app, string tag, bool pinned)
    {
        using var c = db.Open();
        c.Execute("UPDATE releases SET pinned = @pinned WHERE app = @app AND tag = @tag", new { app, tag, pinned = pinned ? 1 : 0 });
    }

    public void MarkPruned(string app, string tag)
    {
        using var c = db.Open();
        c.Execute("UPDATE releases SET pruned = 1 WHERE app = @app AND tag = @tag", new { app, tag });
    }

    public void Add(ReleaseRecord r)
    {
        using var c = db.Open();
        c.Execute("INSERT INTO releases (app, tag, commit_sha, message, actor, deploy_id, status, build_seconds, created_at, pinned) VALUES (@App, @Tag, @CommitSha, @Message, @Actor, @DeployId, @Status, @BuildSeconds, @CreatedAt, @Pinned)", r);
    }

    public void SetStatus(string app, string tag, string status)
    {
        using var c = db.Open();
        c.Execute("UPDATE releases SET status = @status WHERE app = @app AND tag = @tag", new { app, tag, status });
    }

    public ReleaseRecord? Find(string app, string tag)
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<ReleaseRecord>($"SELECT {Columns} FROM releases WHERE app = @app AND tag = @tag", new { app, tag });
    }

    public IReadOnlyList<ReleaseRecord> List(string app)
    {
        using var c = db.Open();
        return c.Query<ReleaseRecord>($"SELECT {Columns} FROM releases WHERE app = @app ORDER BY tag DESC", new { app }).AsList();
    }

    public string? LatestTag(string app)
    {
        using var c = db.Open();
        return c.ExecuteScalar<string?>("SELECT MAX(tag) FROM releases WHERE app = @app", new { app });
    }

    public string Now() => Clock.Iso(clock.GetUtcNow());
}

public sealed class EnvironmentStore(Database db, TimeProvider clock)
{
    public string? ActiveTag(string app, string env)
    {
        using var c = db.Open();
        return c.ExecuteScalar<string?>("SELECT active_tag FROM environments WHERE app = @app AND env = @env", new { app, env });
    }

    public void SetActive(string app, string env, string? tag)
    {
        using var c = db.Open();
        c.Execute("INSERT INTO environments (app, env, active_tag, updated_at) VALUES (@app, @env, @tag, @now) ON CONFLICT(app, env) DO UPDATE SET active_tag = excluded.active_tag, updated_at = excluded.updated_at",
            new { app, env, tag, now = Clock.Iso(clock.GetUtcNow()) });
    }

    public int Scale(string app, string env)
    {
        using var c = db.Open();
        return c.ExecuteScalar<int?>("SELECT scale FROM environments WHERE app = @app AND env = @env", new { app, env }) ?? 1;
    }

    public void SetScale(string app, string env, int scale)
    {
        using var c = db.Open();
        c.Execute("INSERT INTO environments (app, env, active_tag, updated_at, scale) VALUES (@app, @env, NULL, @now, @scale) ON CONFLICT(app, env) DO UPDATE SET scale = excluded.scale, updated_at = excluded.updated_at",
            new { app, env, scale, now = Clock.Iso(clock.GetUtcNow()) });
    }

    public IReadOnlyList<(string App, string Env, string Tag)> AllActive()
    {
        using var c = db.Open();
        return c.Query<(string, string, string)>("SELECT app, env, active_tag FROM environments WHERE active_tag IS NOT NULL").AsList();
    }
}

public sealed class InstanceStore(Database db)
{
    public void Add(InstanceRecord r)
    {
        using var c = db.Open();
        c.Execute("INSERT INTO instances (id, app, env, name, tag, pid, pid_start_ticks, port, started_at) VALUES (@Id, @App, @Env, @Name, @Tag, @Pid, @PidStartTicks, @Port, @StartedAt)", r);
    }

    public void Remove(string id)
    {
        using var c = db.Open();
        c.Execute("DELETE FROM instances WHERE id = @id", new { id });
    }

    public IReadOnlyList<InstanceRecord> All()
    {
        using var c = db.Open();
        return c.Query<InstanceRecord>("SELECT id, app, env, name, tag, pid, pid_start_ticks AS PidStartTicks, port, started_at AS StartedAt FROM instances").AsList();
    }
}

using Dapper;

namespace GitDeploy.State;

/// <summary>Apps; their master and hook keys are sealed at rest (<see cref="SecretBox"/>).</summary>
public sealed class AppStore(Database db, SecretBox box, TimeProvider clock)
{
    private const string Columns =
        "name, created_at AS CreatedAt, app_id AS AppId, app_key AS AppKey, "
        + "master_key AS MasterKey, hook_key AS HookKey, rowid AS Number";

    public IReadOnlyList<AppRecord> List()
    {
        using var c = db.Open();
        return c.Query<AppRecord>($"SELECT {Columns} FROM apps ORDER BY name").Select(Opened).ToList();
    }

    public AppRecord? Find(string name)
    {
        using var c = db.Open();
        var app = c.QuerySingleOrDefault<AppRecord>($"SELECT {Columns} FROM apps WHERE name = @name", new { name });
        return app is null ? null : Opened(app);
    }

    /// <summary>Returns false when the name is taken.</summary>
    public bool TryCreate(AppRecord app)
    {
        using var c = db.Open();
        return c.Execute(
                "INSERT INTO apps (name, created_at, app_id, app_key, master_key, "
                    + "hook_key) VALUES (@Name, @CreatedAt, @AppId, @AppKey, @MasterKey, "
                    + "@HookKey) ON CONFLICT(name) DO NOTHING",
                app with
                {
                    MasterKey = box.Seal(app.MasterKey),
                    HookKey = box.Seal(app.HookKey),
                }
            ) == 1;
    }

    /// <summary>The app's branch → environment map (JSON), or null for the default.</summary>
    public string? Branches(string name)
    {
        using var c = db.Open();
        return c.ExecuteScalar<string?>("SELECT branches FROM apps WHERE name = @name", new { name });
    }

    /// <summary>Whether the app's pushes are strict by default (built and started before the branch moves).</summary>
    public bool StrictPush(string name)
    {
        using var c = db.Open();
        return c.ExecuteScalar<long?>("SELECT strict_push FROM apps WHERE name = @name", new { name }) == 1;
    }

    public void SetStrictPush(string name, bool strict)
    {
        using var c = db.Open();
        c.Execute("UPDATE apps SET strict_push = @v WHERE name = @name", new { name, v = strict ? 1 : 0 });
    }

    /// <summary>The release target the app runs on (<c>local</c> unless set).</summary>
    public string Target(string name)
    {
        using var c = db.Open();
        return c.ExecuteScalar<string?>("SELECT target FROM apps WHERE name = @name", new { name }) ?? "local";
    }

    public void SetTarget(string name, string target)
    {
        using var c = db.Open();
        c.Execute("UPDATE apps SET target = @target WHERE name = @name", new { name, target });
    }

    public void SetBranches(string name, string? json)
    {
        using var c = db.Open();
        c.Execute("UPDATE apps SET branches = @json WHERE name = @name", new { name, json });
    }

    public AppRecord NewRecord(string name, Func<string> secret) =>
        new(name, Clock.Iso(clock.GetUtcNow()), secret()[..24], secret()[..24], secret()[..32], secret()[..32]);

    private AppRecord Opened(AppRecord a) =>
        a with
        {
            MasterKey = box.Open(a.MasterKey),
            HookKey = box.Open(a.HookKey),
        };

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

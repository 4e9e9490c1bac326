using Dapper;

namespace GitDeploy.State;

public sealed record DomainRecord(string Domain, string App, string Env, bool ForceHttps, string CreatedAt)
{
    /// <summary>For Dapper: SQLite returns the flag as an integer.</summary>
    public DomainRecord(string domain, string app, string env, long forceHttps, string createdAt)
        : this(domain, app, env, forceHttps != 0, createdAt) { }
}

/// <summary>Custom domains: each belongs to one app and environment.</summary>
public sealed class DomainStore(Database db, TimeProvider clock)
{
    private const string Columns = "domain, app, env, force_https AS ForceHttps, created_at AS CreatedAt";

    /// <summary>False when the domain already belongs to an app.</summary>
    public bool TryAdd(string domain, string app, string env, bool forceHttps)
    {
        using var c = db.Open();
        return c.Execute("INSERT INTO domains (domain, app, env, force_https, created_at) VALUES (@domain, @app, @env, @force, @now) ON CONFLICT(domain) DO NOTHING",
            new { domain, app, env, force = forceHttps ? 1 : 0, now = Clock.Iso(clock.GetUtcNow()) }) == 1;
    }

    public void SetForceHttps(string domain, bool forceHttps)
    {
        using var c = db.Open();
        c.Execute("UPDATE domains SET force_https = @force WHERE domain = @domain", new { domain, force = forceHttps ? 1 : 0 });
    }

    public DomainRecord? Find(string domain)
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<DomainRecord>($"SELECT {Columns} FROM domains WHERE domain = @domain", new { domain });
    }

    public bool Remove(string app, string domain)
    {
        using var c = db.Open();
        return c.Execute("DELETE FROM domains WHERE domain = @domain AND app = @app", new { domain, app }) == 1;
    }

    public IReadOnlyList<DomainRecord> List(string? app = null)
    {
        using var c = db.Open();
        return c.Query<DomainRecord>($"SELECT {Columns} FROM domains WHERE @app IS NULL OR app = @app ORDER BY domain", new { app }).AsList();
    }
}

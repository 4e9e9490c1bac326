using Dapper;

namespace GitDeploy.State;

/// <summary>Custom domains: each belongs to one app and environment, with its HTTPS mode.</summary>
public sealed class DomainStore(Database db, TimeProvider clock)
{
    private const string Columns = "domain, app, env, force_https AS ForceHttps, created_at AS CreatedAt, https";

    /// <summary>False when the domain already belongs to an app.</summary>
    public bool TryAdd(string domain, string app, string env, bool forceHttps, string https = HttpsModes.Manual)
    {
        using var c = db.Open();
        return c.Execute(
                """
                INSERT INTO domains (domain, app, env, force_https, https, created_at)
                VALUES (@domain, @app, @env, @force, @https, @now) ON CONFLICT(domain) DO NOTHING
                """,
                new
                {
                    domain,
                    app,
                    env,
                    force = forceHttps ? 1 : 0,
                    https,
                    now = Clock.Iso(clock.GetUtcNow()),
                }
            ) == 1;
    }

    public void SetForceHttps(string domain, bool forceHttps)
    {
        using var c = db.Open();
        c.Execute(
            "UPDATE domains SET force_https = @force WHERE domain = @domain",
            new { domain, force = forceHttps ? 1 : 0 }
        );
    }

    public void SetHttps(string domain, string https)
    {
        using var c = db.Open();
        c.Execute("UPDATE domains SET https = @https WHERE domain = @domain", new { domain, https });
    }

    public DomainRecord? Find(string domain)
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<DomainRecord>(
            $"SELECT {Columns} FROM domains WHERE domain = @domain",
            new { domain }
        );
    }

    public bool Remove(string app, string domain)
    {
        using var c = db.Open();
        return c.Execute("DELETE FROM domains WHERE domain = @domain AND app = @app", new { domain, app }) == 1;
    }

    public IReadOnlyList<DomainRecord> List(string? app = null)
    {
        using var c = db.Open();
        return c.Query<DomainRecord>(
                $"SELECT {Columns} FROM domains WHERE @app IS NULL OR app = @app ORDER BY domain",
                new { app }
            )
            .AsList();
    }

    /// <summary>The domains whose certificate the server obtains by ACME.</summary>
    public IReadOnlyList<DomainRecord> ListAuto()
    {
        using var c = db.Open();
        return c.Query<DomainRecord>(
                $"SELECT {Columns} FROM domains WHERE https = @auto ORDER BY domain",
                new { auto = HttpsModes.Auto }
            )
            .AsList();
    }
}

using Dapper;

namespace GitDeploy.State;

public sealed class SourceStore(Database db, SecretBox box, TimeProvider clock)
{
    private const string Columns = "app, url, provider, branches, secret, credentials, updated_at AS UpdatedAt";

    public SourceRecord? Find(string app)
    {
        using var c = db.Open();
        var r = c.QuerySingleOrDefault<SourceRecord>(
            $"SELECT {Columns} FROM app_sources WHERE app = @app",
            new { app }
        );
        return r is null ? null : r with { Secret = box.Open(r.Secret), Credentials = box.OpenOrNull(r.Credentials) };
    }

    public void Save(SourceRecord r)
    {
        using var c = db.Open();
        c.Execute(
            """
            INSERT INTO app_sources (app, url, provider, branches, secret, credentials, updated_at)
            VALUES (@App, @Url, @Provider, @Branches, @Secret, @Credentials, @now)
            ON CONFLICT(app) DO UPDATE SET url = excluded.url, provider = excluded.provider,
                branches = excluded.branches,
                secret = excluded.secret, credentials = excluded.credentials, updated_at = excluded.updated_at
            """,
            new
            {
                r.App,
                r.Url,
                r.Provider,
                r.Branches,
                Secret = box.Seal(r.Secret),
                Credentials = box.SealOrNull(r.Credentials),
                now = Clock.Iso(clock.GetUtcNow()),
            }
        );
    }

    public bool Delete(string app)
    {
        using var c = db.Open();
        return c.Execute("DELETE FROM app_sources WHERE app = @app", new { app }) == 1;
    }
}

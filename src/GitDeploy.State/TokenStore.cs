using Dapper;

namespace GitDeploy.State;

/// <summary>API tokens: only their SHA-256 is stored.</summary>
public sealed class TokenStore(Database db, TimeProvider clock)
{
    private const string Columns =
        "id, name, role, app, token_sha256 AS TokenSha256, created_by AS CreatedBy, created_at AS CreatedAt";

    public bool TryAdd(string name, string role, string? app, string sha256, string createdBy)
    {
        using var c = db.Open();
        return c.Execute(
                "INSERT INTO tokens (name, role, app, token_sha256, created_by, "
                    + "created_at) VALUES (@name, @role, @app, @sha256, @createdBy, "
                    + "@now) ON CONFLICT DO NOTHING",
                new
                {
                    name,
                    role,
                    app,
                    sha256,
                    createdBy,
                    now = Clock.Iso(clock.GetUtcNow()),
                }
            ) == 1;
    }

    public TokenRecord? FindByHash(string sha256)
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<TokenRecord>(
            $"SELECT {Columns} FROM tokens WHERE token_sha256 = @sha256",
            new { sha256 }
        );
    }

    public IReadOnlyList<TokenRecord> List()
    {
        using var c = db.Open();
        return c.Query<TokenRecord>($"SELECT {Columns} FROM tokens ORDER BY name").AsList();
    }

    public bool Delete(string name)
    {
        using var c = db.Open();
        return c.Execute("DELETE FROM tokens WHERE name = @name", new { name }) == 1;
    }
}

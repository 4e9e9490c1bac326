using Dapper;

namespace GitDeploy.State;

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
        c.Execute(
            "INSERT INTO settings (key, value) VALUES (@key, @value) "
                + "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            new { key, value }
        );
    }
}

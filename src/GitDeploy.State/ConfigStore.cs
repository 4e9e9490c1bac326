using System.Text.Json;
using Dapper;

namespace GitDeploy.State;

/// <summary>An app's own environment variables, per environment.</summary>
public sealed class ConfigStore(Database db, SecretBox box)
{
    public IReadOnlyDictionary<string, string> List(string app, string env)
    {
        using var c = db.Open();
        return c.Query<(string Name, string Value)>(
                "SELECT name, value FROM config_vars WHERE app = @app AND env = @env ORDER BY name",
                new { app, env }
            )
            .ToDictionary(r => r.Name, r => box.Open(r.Value), StringComparer.Ordinal);
    }

    public void Set(string app, string env, IReadOnlyDictionary<string, string> values)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        foreach (var (name, value) in values)
            c.Execute(
                "INSERT INTO config_vars (app, env, name, value) VALUES (@app, "
                    + "@env, @name, @value) ON CONFLICT(app, env, name) DO UPDATE "
                    + "SET value = excluded.value",
                new
                {
                    app,
                    env,
                    name,
                    value = box.Seal(value),
                },
                tx
            );
        tx.Commit();
    }

    /// <summary>Returns the names that were set.</summary>
    public IReadOnlyList<string> Unset(string app, string env, IEnumerable<string> names)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        var removed = names
            .Where(name =>
                c.Execute(
                    "DELETE FROM config_vars WHERE app = @app AND env = @env AND name = @name",
                    new
                    {
                        app,
                        env,
                        name,
                    },
                    tx
                ) == 1
            )
            .ToList();
        tx.Commit();
        return removed;
    }

    /// <summary>Replaces the whole set (rollback --with-config).</summary>
    public void Replace(string app, string env, IReadOnlyDictionary<string, string> values)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        c.Execute("DELETE FROM config_vars WHERE app = @app AND env = @env", new { app, env }, tx);
        foreach (var (name, value) in values)
            c.Execute(
                "INSERT INTO config_vars (app, env, name, value) VALUES (@app, @env, @name, @value)",
                new
                {
                    app,
                    env,
                    name,
                    value = box.Seal(value),
                },
                tx
            );
        tx.Commit();
    }

    public static string Snapshot(IReadOnlyDictionary<string, string> values) => JsonSerializer.Serialize(values);

    public static IReadOnlyDictionary<string, string> FromSnapshot(string? json) =>
        string.IsNullOrEmpty(json)
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}

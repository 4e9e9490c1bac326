using Dapper;

namespace GitDeploy.State;

/// <summary>
/// The columns of gitdeploy.db that hold secrets, and their migration: a plain-text value (written
/// before values were sealed) is sealed on start, idempotently; tokens are hashes and stay so.
/// </summary>
internal static class SecretColumns
{
    public static readonly IReadOnlyList<(string Table, string Column)> All =
    [
        ("config_vars", "value"),
        ("deploys", "config"),
        ("app_sources", "secret"),
        ("app_sources", "credentials"),
        ("apps", "master_key"),
        ("apps", "hook_key"),
    ];

    /// <summary>Seals every plain value; first checks that an already sealed one opens with this key.</summary>
    public static int Migrate(Database db, SecretBox box)
    {
        using var c = db.Open();
        foreach (var (table, column) in All)
        {
            var sample = c.ExecuteScalar<string?>(
                $"SELECT {column} FROM {table} WHERE substr({column}, 1, 7) = @p LIMIT 1",
                new { p = SecretBox.Prefix });
            if (sample is not null) box.Open(sample);
        }
        var sealedCount = 0;
        // The plain text must not linger: zeroed where it was freed, the old pages vacuumed away.
        c.Execute("PRAGMA secure_delete = ON");
        using var tx = c.BeginTransaction();
        foreach (var (table, column) in All)
        {
            var plain = c.Query<(long RowId, string Value)>(
                $"SELECT rowid, {column} FROM {table} WHERE {column} IS NOT NULL AND substr({column}, 1, 7) <> @p",
                new { p = SecretBox.Prefix }, tx);
            foreach (var (rowId, value) in plain.AsList())
                sealedCount += c.Execute($"UPDATE {table} SET {column} = @v WHERE rowid = @rowId",
                    new { v = box.Seal(value), rowId }, tx);
        }
        tx.Commit();
        if (sealedCount > 0) c.Execute("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);");
        return sealedCount;
    }
}

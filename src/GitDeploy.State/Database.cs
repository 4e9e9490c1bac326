using Dapper;
using Microsoft.Data.Sqlite;

namespace GitDeploy.State;

/// <summary>
/// The SQLite store. Owns the connection string and the schema; every other part goes through
/// the stores in this assembly and never writes SQL itself.
/// WAL mode + synchronous=FULL: a kill -9 at any instant leaves the last committed transaction.
/// </summary>
public sealed class Database
{
    public string Path { get; }
    private readonly string _connectionString;

    public Database(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        connection.Execute("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
        return connection;
    }

    /// <summary>
    /// A consistent copy of the database while the server runs (SQLite's online backup) into
    /// <paramref name="file"/>, without the instances table's rows: those processes belong to
    /// this server, and a server started on the copy must not take them for its own orphans.
    /// </summary>
    public void BackupTo(string file)
    {
        var target = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        using var source = Open();
        using var copy = new SqliteConnection(target);
        copy.Open();
        source.BackupDatabase(copy);
        copy.Execute("DELETE FROM instances; PRAGMA journal_mode = DELETE;");
    }

    /// <summary>Creates the file if needed and applies every migration not applied yet.</summary>
    public void Migrate()
    {
        using var connection = Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        var current = connection.ExecuteScalar<long?>("SELECT MAX(version) FROM schema_version") ?? 0;
        for (var i = (int)current; i < Migrations.All.Count; i++)
        {
            using var tx = connection.BeginTransaction();
            connection.Execute(Migrations.All[i], transaction: tx);
            connection.Execute("INSERT INTO schema_version (version) VALUES (@v)", new { v = i + 1 }, tx);
            tx.Commit();
        }
    }
}

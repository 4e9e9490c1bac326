using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace GitDeploy.Server.Backups;

/// <summary>
/// A backup: one tar.gz of what a data directory cannot rebuild. Holds <c>gitdeploy.db</c> (SQLite's
/// online backup, so consistent while the server runs), <c>secret.key</c>, <c>repos/</c>,
/// <c>releases/</c>, <c>logs/deploys/</c> and the ACME account and certificates (<c>acme/accounts/</c>,
/// <c>acme/certificates/</c>, keys sealed as on disk). Not held, rebuilt or renewed by the server: <c>envs/</c>
/// (rebuilt from a release's commit when it starts), <c>cache/</c>, <c>instances/</c>, <c>builds/</c>,
/// <c>hooks/</c>, app logs and the server's own log. Written in an order that keeps it consistent:
/// the database first, then every repository's refs before its objects, then the releases, so all
/// that the database names is in the archive.
/// </summary>
public static class BackupArchive
{
    public const string ManifestName = "gitdeploy-backup.json";
    public const string DatabaseName = "gitdeploy.db";
    private static readonly string[] RefNames = ["HEAD", "packed-refs", "refs"];

    public static async Task WriteAsync(
        string dataDir, string databaseCopy, Stream output, DateTimeOffset createdAt, CancellationToken ct)
    {
        await using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        var keyIncluded = File.Exists(SecretBox.KeyPath(dataDir));
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            format = 1,
            createdAt = createdAt.ToString("O"),
            dataDir,
            secretKey = keyIncluded ? "included" : $"not included: the server takes it from {SecretBox.KeyVariable}",
        });
        await tar.WriteEntryAsync(InMemory(ManifestName, manifest), ct);
        await tar.WriteEntryAsync(databaseCopy, DatabaseName, ct);
        if (keyIncluded) await tar.WriteEntryAsync(SecretBox.KeyPath(dataDir), SecretBox.KeyFileName, ct);

        var repos = Path.Combine(dataDir, "repos");
        var written = new HashSet<string>(StringComparer.Ordinal);
        await WriteTreeAsync(tar, dataDir, repos, written, path => IsRef(repos, path), ct);
        // Objects after refs; again until a pass finds nothing new (a gc may have repacked meanwhile).
        for (var pass = 0; pass < 3; pass++)
            if (await WriteTreeAsync(tar, dataDir, repos, written, _ => true, ct) == 0) break;
        await WriteTreeAsync(tar, dataDir, Path.Combine(dataDir, "releases"), written, _ => true, ct);
        foreach (var acme in new Acme.AcmeLayout(dataDir).BackedUp)
            await WriteTreeAsync(tar, dataDir, acme, written, p => !p.EndsWith(".tmp", StringComparison.Ordinal), ct);
        var deployLogs = Path.Combine(dataDir, "logs", "deploys");
        await WriteTreeAsync(tar, dataDir, deployLogs, written, _ => true, ct, growing: true);
    }

    /// <summary>Unpacks a backup into an empty (or new) data directory; the error, or null.</summary>
    public static async Task<string?> RestoreAsync(string file, string dataDir, CancellationToken ct)
    {
        if (!File.Exists(file)) return $"{file} does not exist";
        if (Directory.Exists(dataDir) && Directory.EnumerateFileSystemEntries(dataDir).Any())
            return $"{dataDir} is not empty: restore into a new or empty directory, then `gitdeploy serve --data` it";
        Directory.CreateDirectory(dataDir);
        try
        {
            await using (var input = File.OpenRead(file))
            await using (var gzip = new GZipStream(input, CompressionMode.Decompress))
                await TarFile.ExtractToDirectoryAsync(gzip, dataDir, overwriteFiles: false, ct);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            Directory.Delete(dataDir, recursive: true);
            return $"{file} is not a whole GitDeploy backup ({e.Message}); nothing was restored";
        }
        if (!File.Exists(Path.Combine(dataDir, ManifestName)) || !File.Exists(Path.Combine(dataDir, DatabaseName)))
        {
            Directory.Delete(dataDir, recursive: true);
            return $"{file} is not a GitDeploy backup (no {ManifestName}); nothing was restored";
        }
        File.Delete(Path.Combine(dataDir, ManifestName));
        var key = SecretBox.KeyPath(dataDir);
        if (File.Exists(key)) File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        KeepPrivate(new Acme.AcmeLayout(dataDir).Root);
        return null;
    }

    /// <summary>The ACME keys stay readable by the server only, whatever the archive's modes and the umask.</summary>
    private static void KeepPrivate(string root)
    {
        if (!Directory.Exists(root)) return;
        const UnixFileMode dir = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        File.SetUnixFileMode(root, dir);
        foreach (var d in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(d, dir);
        foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static PaxTarEntry InMemory(string name, byte[] bytes) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) };

    private static bool IsRef(string reposRoot, string path)
    {
        var parts = Path.GetRelativePath(reposRoot, path).Split('/');
        return parts.Length < 2 || RefNames.Contains(parts[1]);
    }

    /// <summary>
    /// Writes the entries under <paramref name="root"/> not written yet that <paramref name="take"/>
    /// accepts; returns how many.
    /// </summary>
    private static async Task<int> WriteTreeAsync(TarWriter tar, string dataDir, string root, HashSet<string> written,
        Func<string, bool> take, CancellationToken ct, bool growing = false)
    {
        if (!Directory.Exists(root)) return 0;
        var n = 0;
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out var dir))
        {
            if (Skipped(dir)) continue;
            n += await TryWriteAsync(tar, dataDir, dir, written, take, ct, growing);
            IEnumerable<string> entries;
            try { entries = Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal).ToList(); }
            catch (DirectoryNotFoundException) { continue; }
            foreach (var entry in entries)
            {
                var info = new FileInfo(entry);
                if (info.Attributes.HasFlag(FileAttributes.Directory) && info.LinkTarget is null) pending.Push(entry);
                else if (!entry.EndsWith(".lock", StringComparison.Ordinal))
                    n += await TryWriteAsync(tar, dataDir, entry, written, take, ct, growing);
            }
        }
        return n;
    }

    /// <summary>Half-made or half-deleted directories (a build, a repository being created or deleted).</summary>
    private static bool Skipped(string dir)
    {
        var name = Path.GetFileName(dir);
        return name.StartsWith(".building-", StringComparison.Ordinal)
            || name.StartsWith(".deleting-", StringComparison.Ordinal)
            || name.EndsWith(".creating", StringComparison.Ordinal)
            || name.Contains(".git.deleting-", StringComparison.Ordinal);
    }

    private static async Task<int> TryWriteAsync(TarWriter tar, string dataDir, string path, HashSet<string> written,
        Func<string, bool> take, CancellationToken ct, bool growing)
    {
        var name = Path.GetRelativePath(dataDir, path);
        if (written.Contains(name) || !take(path)) return 0;
        try
        {
            if (growing && File.Exists(path))
            {
                // A log being written: a snapshot of its bytes, so the entry's size is the size copied.
                var bytes = await File.ReadAllBytesAsync(path, ct);
                await tar.WriteEntryAsync(InMemory(name, bytes), ct);
            }
            else await tar.WriteEntryAsync(path, name, ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return 0; // gone meanwhile: a loose object packed, a release pruned
        }
        written.Add(name);
        return 1;
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace GitDeploy.Build.Cache;

/// <summary>
/// Dependency environments, content-addressed: <c>envs/KEY-GENERATION/</c>, KEY a hash of every
/// input that shapes the environment. An entry is usable only once its completion marker exists
/// (written last, atomically), so an entry half-built when the server died is never used; it is
/// swept on start. The marker also records an inventory of the files (paths and sizes), so an
/// entry damaged since (files deleted or truncated) is recognised before it is reused.
/// Virtualenvs are not relocatable, so each is built where it will live.
/// </summary>
public sealed class EnvCache
{
    private const string Marker = ".gitdeploy-complete";
    private readonly string _root;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    private readonly TimeProvider _clock;

    public EnvCache(string root, TimeProvider? clock = null)
    {
        _root = root;
        _clock = clock ?? TimeProvider.System;
        Directory.CreateDirectory(root);
    }

    public static string Key(IEnumerable<string> parts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var p in parts)
        {
            var bytes = Encoding.UTF8.GetBytes(p);
            sha.AppendData(BitConverter.GetBytes(bytes.Length));
            sha.AppendData(bytes);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..32];
    }

    public SemaphoreSlim LockFor(string key) => _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));

    /// <summary>The newest complete entry for the key, or null.</summary>
    public string? Find(string key) =>
        Directory
            .EnumerateDirectories(_root, key + "-*")
            .Where(d => File.Exists(Path.Combine(d, Marker)))
            .OrderDescending(StringComparer.Ordinal)
            .FirstOrDefault();

    public string NewEntry(string key)
    {
        var dir = Path.Combine(_root, $"{key}-{_clock.GetUtcNow():yyyyMMddHHmmssfff}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// Whether the entry exists and was completed (a restored backup holds none; a damaged one was
    /// taken out of use).
    /// </summary>
    public static bool IsComplete(string dir) => File.Exists(Path.Combine(dir, Marker));

    public void Complete(string dir)
    {
        var tmp = Path.Combine(dir, Marker + ".tmp");
        File.WriteAllText(tmp, $"completed={_clock.GetUtcNow():O}\ninventory={Inventory(dir)}\n");
        File.Move(tmp, Path.Combine(dir, Marker), overwrite: true);
    }

    /// <summary>Why a complete entry must not be reused (its files differ from when it was completed), or
    /// null.</summary>
    public static string? Damage(string dir)
    {
        var marker = Path.Combine(dir, Marker);
        if (!File.Exists(marker))
            return "it was never completed";
        var recorded = File.ReadAllLines(marker)
            .FirstOrDefault(l => l.StartsWith("inventory=", StringComparison.Ordinal))
            ?["inventory=".Length..];
        if (recorded is null)
            return null; // completed before inventories were recorded
        return recorded == Inventory(dir) ? null : "its files changed since it was built";
    }

    /// <summary>Takes an entry out of use: no longer found, swept at the next start.</summary>
    public static void Invalidate(string dir) => File.Delete(Path.Combine(dir, Marker));

    /// <summary>
    /// Hash of every file's relative path and size (a link's target instead of its size). Bytecode
    /// caches are left out: Python writes them beside the modules when an app first imports them.
    /// </summary>
    private static string Inventory(string dir)
    {
        var rows = new List<string>();
        foreach (
            var path in Directory.EnumerateFileSystemEntries(
                dir,
                "*",
                new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }
            )
        )
        {
            var rel = Path.GetRelativePath(dir, path);
            if (
                rel.StartsWith(Marker, StringComparison.Ordinal)
                || rel.Contains("__pycache__", StringComparison.Ordinal)
                || rel.EndsWith(".pyc", StringComparison.Ordinal)
            )
                continue;
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target)
                rows.Add(rel + " -> " + target);
            else if (info.Exists)
                rows.Add(rel + " " + info.Length);
        }
        rows.Sort(StringComparer.Ordinal);
        return Key(rows);
    }

    public static void Discard(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (DirectoryNotFoundException) { }
    }

    /// <summary>Every complete entry.</summary>
    public IEnumerable<string> Entries() =>
        Directory.EnumerateDirectories(_root).Where(d => File.Exists(Path.Combine(d, Marker)));

    /// <summary>Removes entries without a marker: builds that died with the server.</summary>
    public int SweepIncomplete()
    {
        var n = 0;
        foreach (var d in Directory.EnumerateDirectories(_root))
            if (!File.Exists(Path.Combine(d, Marker)))
            {
                Discard(d);
                n++;
            }
        return n;
    }
}

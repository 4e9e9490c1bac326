using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace GitDeploy.State;

/// <summary>
/// A full disk, recognised wherever it surfaces (an IOException with ENOSPC, SQLite's SQLITE_FULL, a
/// tool's "No space left on device") and said the same way: which disk, where, how much is free.
/// </summary>
public static partial class DiskSpace
{
    public const string NoSpaceText = "No space left on device";
    /// <summary>Below this, a push is refused before it starts (it would fail half-way).</summary>
    public const long MinimumFreeBytes = 1024 * 1024;
    private const int Enospc = 28;
    private const int SqliteFull = 13;

    public static bool IsFull(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is IOException io && ((io.HResult & 0xFFFF) == Enospc || SaysFull(io.Message))) return true;
            if (e is SqliteException { SqliteErrorCode: SqliteFull }) return true;
            if (e is AggregateException a && a.InnerExceptions.Any(IsFull)) return true;
            if (SaysFull(e.Message)) return true;
        }
        return false;
    }

    /// <summary>
    /// Whether a full disk explains <paramref name="e"/>: it says so, or it is a tool's bare exit code
    /// (cp, tar) while the disk of <paramref name="dataDir"/> has next to nothing left.
    /// </summary>
    public static bool Explains(Exception e, string dataDir)
    {
        if (IsFull(e)) return true;
        try { return FreeBytes(dataDir) < MinimumFreeBytes; }
        catch (IOException) { return false; }
    }

    /// <summary>Whether a tool's output says the disk was full.</summary>
    public static bool SaysFull(string? output) => output?.Contains(NoSpaceText, StringComparison.Ordinal) == true;

    /// <summary>The file an ENOSPC IOException names (.NET quotes it), else <paramref name="fallback"/>.</summary>
    public static string PathOf(Exception e, string fallback)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is IOException && QuotedPath().Match(x.Message) is { Success: true } m) return m.Groups[1].Value;
        return fallback;
    }

    /// <summary>Bytes free for this process on the file system holding <paramref name="path"/>.</summary>
    public static long FreeBytes(string path)
    {
        var dir = Path.GetFullPath(path);
        while (!Directory.Exists(dir) && Path.GetDirectoryName(dir) is { } parent) dir = parent;
        return new DriveInfo(dir).AvailableFreeSpace;
    }

    /// <summary>The message: the disk is full at <paramref name="path"/>, what is free, what to do.</summary>
    public static string Describe(string path)
    {
        string free;
        try { free = $"{FreeBytes(path) / 1024} KB free"; }
        catch (IOException) { free = "free space unknown"; }
        return $"no space left on the disk holding {path} ({free}): free disk space there, then try again; "
            + "nothing already stored was changed";
    }

    /// <summary>A refusal when the disk of <paramref name="path"/> is under <see cref="MinimumFreeBytes"/>.</summary>
    public static string? Refusal(string path) => FreeBytes(path) < MinimumFreeBytes ? Describe(path) : null;

    [GeneratedRegex(@"'(/[^']+)'")]
    private static partial Regex QuotedPath();
}

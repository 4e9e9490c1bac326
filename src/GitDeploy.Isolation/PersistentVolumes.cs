using CliWrap;
using CliWrap.Buffered;

namespace GitDeploy.Isolation;

/// <summary>
/// Persistent directories of app environments, each an ext4 file system in an image file of the quota's
/// size (sparse: it takes the disk space its files use), loop-mounted at <c>ROOT/APP/ENV/data</c>: the
/// kernel enforces the quota (a write past it fails with "No space left on device") and nothing an app
/// writes there can fill the server's disk. Mounted when an instance needs it, unmounted at server stop.
/// </summary>
public sealed class PersistentVolumes(string root)
{
    public const long MinimumBytes = 16L << 20;

    public string MountPoint(string app, string env) => Path.Combine(root, app, env, "data");

    private string Image(string app, string env) => Path.Combine(root, app, env, "volume.ext4");

    /// <summary>Mounts (creating or growing it first) the volume of (app, env); returns its mount point.</summary>
    public async Task<string> EnsureAsync(string app, string env, long quotaBytes, int? uid, CancellationToken ct)
    {
        var image = Image(app, env);
        var mount = MountPoint(app, env);
        Directory.CreateDirectory(mount);
        var fresh = !File.Exists(image);
        if (fresh)
        {
            await using (var f = new FileStream(image, FileMode.CreateNew))
                f.SetLength(quotaBytes);
            File.SetUnixFileMode(image, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var owner = uid ?? 0;
            await RunAsync("mkfs.ext4", ["-q", "-F", "-m", "0", "-E", $"root_owner={owner}:{owner}", image], ct);
        }
        var grow = new FileInfo(image).Length < quotaBytes;
        if (grow)
            await using (var f = new FileStream(image, FileMode.Open))
                f.SetLength(quotaBytes);
        if (!IsMounted(mount))
            await RunAsync("mount", ["-o", "loop,nosuid,nodev", image, mount], ct);
        if (grow)
            await RunAsync("resize2fs", [LoopDevice(mount) ?? image], ct);
        // The app's files are its user's: after a change of that user (its number moved), hand them over again.
        if (uid is { } u && await OwnerAsync(mount, ct) != u)
            await RunAsync("chown", ["-R", "-h", $"{u}:{u}", "--", mount], ct);
        return mount;
    }

    /// <summary>Bytes used and the file system's size, or null when it is not mounted.</summary>
    public (long Used, long Size)? Usage(string app, string env)
    {
        var mount = MountPoint(app, env);
        if (!IsMounted(mount))
            return null;
        var d = new DriveInfo(mount);
        return (d.TotalSize - d.TotalFreeSpace, d.TotalSize);
    }

    /// <summary>The quota a volume has now (its image's size), or null when there is none yet.</summary>
    public long? Size(string app, string env) =>
        File.Exists(Image(app, env)) ? new FileInfo(Image(app, env)).Length : null;

    /// <summary>Unmounts every volume of this server (at stop, once no instance runs).</summary>
    public async Task UnmountAllAsync()
    {
        foreach (var mount in Mounted().OrderByDescending(m => m.Length))
            await RunAsync("umount", ["-l", mount], CancellationToken.None, check: false);
    }

    /// <summary>Unmounts and deletes an app's volumes (the app is being destroyed).</summary>
    public async Task DeleteAsync(string app)
    {
        var dir = Path.Combine(root, app);
        foreach (var mount in Mounted().Where(m => m.StartsWith(dir + "/", StringComparison.Ordinal)))
            await RunAsync("umount", ["-l", mount], CancellationToken.None, check: false);
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
    }

    /// <summary>This server's mounted volumes (from /proc/self/mountinfo).</summary>
    public IReadOnlyList<string> Mounted()
    {
        var prefix = Path.GetFullPath(root) + "/";
        return MountInfo()
            .Select(m => m.MountPoint)
            .Where(p => p.StartsWith(prefix, StringComparison.Ordinal))
            .ToList();
    }

    private static bool IsMounted(string path) => MountInfo().Any(m => m.MountPoint == Path.GetFullPath(path));

    private static string? LoopDevice(string mount) => MountInfo().FirstOrDefault(m => m.MountPoint == mount).Source;

    private static IEnumerable<(string MountPoint, string Source)> MountInfo()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || dash < 0 || dash + 2 >= fields.Length)
                continue;
            yield return (Unescape(fields[4]), fields[dash + 2]);
        }
    }

    private static string Unescape(string s) => s.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\134", "\\");

    private static async Task<int?> OwnerAsync(string path, CancellationToken ct)
    {
        var r = await Cli.Wrap("stat")
            .WithArguments(["-c", "%u", path])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct);
        return int.TryParse(r.StandardOutput.Trim(), out var uid) ? uid : null;
    }

    private static async Task RunAsync(string file, string[] args, CancellationToken ct, bool check = true)
    {
        var r = await Cli.Wrap(file)
            .WithArguments(args)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct);
        if (check && r.ExitCode != 0)
            throw new IOException($"{file} {string.Join(' ', args)} failed ({r.ExitCode}): {r.StandardError.Trim()}");
    }
}

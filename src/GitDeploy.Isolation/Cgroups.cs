using System.Globalization;

namespace GitDeploy.Isolation;

/// <summary>
/// This server's cgroups: <c>gitdeploy-NAME/</c> under the server's own cgroup, in cgroup v2 when the
/// machine runs the unified hierarchy with the controllers available, else in v1's memory, pids and
/// cpu hierarchies. Where neither can be written, <see cref="Available"/> is false and limits fall
/// back to rlimits (open files, and processes per app user).
/// </summary>
public sealed class Cgroups
{
    private const string Mount = "/sys/fs/cgroup";
    private readonly bool _v2;
    private readonly string? _memoryRoot;
    private readonly IReadOnlyList<string> _roots;

    public bool Available => _roots.Count > 0 && _memoryRoot is not null;
    public string Mode =>
        !Available ? $"rlimits only (no cgroups{(Problem is null ? "" : ": " + Problem)})"
        : _v2 ? "cgroup v2"
        : "cgroup v1";
    public string? Problem { get; }

    /// <summary>The cgroup name of the server on <paramref name="dataDir"/>: several servers may share a
    /// machine.</summary>
    public static string NameFor(string dataDir) =>
        "gitdeploy-"
        + Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(dataDir)))
        )[..10];

    public Cgroups(string name)
    {
        try
        {
            if (File.Exists(Path.Combine(Mount, "cgroup.controllers")))
            {
                _v2 = true;
                var root = Path.Combine(Mount + OwnPath(null), name);
                Directory.CreateDirectory(root);
                Enable(Path.GetDirectoryName(root)!);
                Enable(root);
                _roots = [root];
                _memoryRoot = root;
            }
            else
            {
                var roots = new List<string>();
                foreach (var controller in new[] { "memory", "pids", "cpu" })
                {
                    var mount = Path.Combine(Mount, controller);
                    if (!Directory.Exists(mount))
                        continue;
                    var root = Path.Combine(mount + OwnPath(controller), name);
                    Directory.CreateDirectory(root);
                    roots.Add(root);
                    if (controller == "memory")
                        _memoryRoot = root;
                }
                _roots = roots;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _roots = [];
            _memoryRoot = null;
            Problem = e.Message;
        }
    }

    private static void Enable(string dir)
    {
        var file = Path.Combine(dir, "cgroup.subtree_control");
        var wanted = File.ReadAllText(Path.Combine(dir, "cgroup.controllers"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(c => c is "memory" or "pids" or "cpu")
            .Select(c => "+" + c);
        File.WriteAllText(file, string.Join(' ', wanted));
    }

    /// <summary>The server's own cgroup path in the hierarchy of <paramref name="controller"/> (null: v2).</summary>
    private static string OwnPath(string? controller)
    {
        foreach (var line in File.ReadLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length < 3)
                continue;
            var match = controller is null ? parts[0] == "0" : parts[1].Split(',').Contains(controller);
            if (match)
                return parts[2] == "/" ? "" : parts[2];
        }
        return "";
    }

    /// <summary>A fresh cgroup with <paramref name="limits"/> written, or null without cgroups.</summary>
    public Cgroup? Create(string name, ResourceLimits limits)
    {
        if (!Available)
            return null;
        var dirs = new List<string>();
        string? memory = null;
        foreach (var root in _roots)
        {
            var dir = Path.Combine(root, name);
            Directory.CreateDirectory(dir);
            dirs.Add(dir);
            if (root == _memoryRoot)
                memory = dir;
            if (_v2)
                WriteV2(dir, limits);
            else
                WriteV1(dir, limits);
        }
        return new Cgroup(dirs, memory!, _v2, limits);
    }

    private static void WriteV2(string dir, ResourceLimits limits)
    {
        if (limits.MemoryBytes is { } m)
        {
            Write(dir, "memory.max", m);
            Write(dir, "memory.swap.max", 0);
        }
        if (limits.Processes is { } p)
            Write(dir, "pids.max", p);
        // cpu.shares 2..262144 maps onto cpu.weight 1..10000 as systemd and runc map it.
        if (limits.CpuShares is { } c)
            Write(dir, "cpu.weight", 1 + (Math.Clamp(c, 2L, 262_144L) - 2) * 9999 / 262_142);
    }

    private static void WriteV1(string dir, ResourceLimits limits)
    {
        if (File.Exists(Path.Combine(dir, "memory.limit_in_bytes")) && limits.MemoryBytes is { } m)
        {
            Write(dir, "memory.limit_in_bytes", m);
            Write(dir, "memory.memsw.limit_in_bytes", m); // no escape into swap, where the kernel accounts it
        }
        if (File.Exists(Path.Combine(dir, "pids.max")) && limits.Processes is { } p)
            Write(dir, "pids.max", p);
        if (File.Exists(Path.Combine(dir, "cpu.shares")) && limits.CpuShares is { } c)
            Write(dir, "cpu.shares", c);
    }

    private static void Write(string dir, string file, long value)
    {
        var path = Path.Combine(dir, file);
        if (!File.Exists(path))
            return;
        try
        {
            File.WriteAllText(path, value.ToString(CultureInfo.InvariantCulture));
        }
        catch (IOException) { } // e.g. memsw without swap accounting: the memory limit itself still holds
    }

    /// <summary>This server's cgroup directories (one per controller in v1).</summary>
    public IReadOnlyList<string> Roots => _roots;

    /// <summary>At a clean stop, once every process tree ended: this server's cgroups go, its roots too.</summary>
    public void RemoveAll()
    {
        Sweep();
        foreach (var root in _roots)
        {
            try
            {
                Directory.Delete(root);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Removes the empty cgroups a killed server left (orphan reaping stopped their processes).</summary>
    public int Sweep()
    {
        var removed = 0;
        foreach (var root in _roots)
        foreach (var dir in SafeDirs(root))
        {
            try
            {
                Directory.Delete(dir);
                removed++;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return removed;
    }

    private static IEnumerable<string> SafeDirs(string root)
    {
        try
        {
            return Directory.EnumerateDirectories(root).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}

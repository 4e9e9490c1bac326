using System.Globalization;

namespace GitDeploy.Isolation;

/// <summary>
/// One process tree's cgroup (a directory per controller in cgroup v1, one directory in v2): its
/// limits are written when it is made, the tree joins it before it runs anything, and the kernel's
/// out-of-memory kills in it are counted, so an exit by the memory limit can be named as such.
/// </summary>
public sealed class Cgroup
{
    private readonly IReadOnlyList<string> _dirs;
    private readonly string _memoryDir;
    private readonly bool _v2;

    internal Cgroup(IReadOnlyList<string> dirs, string memoryDir, bool v2, ResourceLimits limits)
    {
        _dirs = dirs;
        _memoryDir = memoryDir;
        _v2 = v2;
        Limits = limits;
    }

    public ResourceLimits Limits { get; }

    /// <summary>The cgroup.procs files a process writes its pid into to join.</summary>
    public IEnumerable<string> ProcsFiles => _dirs.Select(d => Path.Combine(d, "cgroup.procs"));

    /// <summary>How many processes the kernel killed here for the memory limit.</summary>
    public long OomKills() => Field(Path.Combine(_memoryDir, _v2 ? "memory.events" : "memory.oom_control"), "oom_kill");

    /// <summary>The memory in use now (page cache included, as the limit counts it), or null.</summary>
    public long? MemoryUsage()
    {
        var file = Path.Combine(_memoryDir, _v2 ? "memory.current" : "memory.usage_in_bytes");
        try
        {
            return long.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Removes the directories once their processes are gone (retried: exiting tasks linger).</summary>
    public async Task RemoveAsync()
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var left = false;
            foreach (var dir in _dirs)
            {
                try { if (Directory.Exists(dir)) Directory.Delete(dir); }
                catch (IOException) { left = true; }
                catch (UnauthorizedAccessException) { left = true; }
            }
            if (!left) return;
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    private static long Field(string file, string name)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2 || parts[0] != name) continue;
                if (long.TryParse(parts[1], CultureInfo.InvariantCulture, out var n)) return n;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return 0;
    }
}

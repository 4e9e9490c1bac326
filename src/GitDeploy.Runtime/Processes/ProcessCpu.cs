using GitDeploy.Isolation.Processes;
using System.Globalization;

namespace GitDeploy.Runtime.Processes;

/// <summary>
/// CPU time used by process groups, from /proc/PID/stat: each member's user and system time plus
/// what its reaped children used (so the work of a gunicorn worker that was replaced still counts).
/// </summary>
public static class ProcessCpu
{
    /// <summary>Linux reports these times in clock ticks of USER_HZ, 100 a second on every architecture it runs
    /// on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>Seconds of CPU per process group, for all groups at once (one pass over /proc).</summary>
    public static Dictionary<int, double> ByGroup()
    {
        var groups = new Dictionary<int, double>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out _)) continue;
            // After the command name: [0] state … [2] pgrp … [11] utime [12] stime [13] cutime [14] cstime.
            if (ProcessGroup.Stat(Path.Combine(dir, "stat")) is not { Length: > 14 } f) continue;
            if (!int.TryParse(f[2], CultureInfo.InvariantCulture, out var pgid)) continue;
            double ticks = 0;
            for (var i = 11; i <= 14; i++)
                if (long.TryParse(f[i], CultureInfo.InvariantCulture, out var t)) ticks += t;
            groups[pgid] = groups.GetValueOrDefault(pgid) + ticks / TicksPerSecond;
        }
        return groups;
    }
}

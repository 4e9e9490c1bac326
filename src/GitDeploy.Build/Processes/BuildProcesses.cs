using GitDeploy.Isolation.Processes;

namespace GitDeploy.Build.Processes;

/// <summary>
/// The processes of build steps. Each step runs through <c>setsid</c> (pid == pgid), so a signal to
/// the group reaches whatever it forked, background jobs included (<see cref="ProcessGroup"/>). Every
/// step also carries <see cref="OwnerVariable"/> = the server's data directory in its environment: a
/// server killed with -9 cannot stop its steps, so the next start finds them by that mark and kills them.
/// </summary>
public static class BuildProcesses
{
    public const string OwnerVariable = "GITDEPLOY_BUILD_OWNER";

    /// <summary>
    /// Kills every process whose environment says it is a build step of <paramref name="owner"/>; returns
    /// how many. Each is identified by pid and start time when found, and killed only if it still is that
    /// process. A few rounds, <paramref name="clock"/> apart: a step may fork while we look.
    /// </summary>
    public static async Task<int> KillOrphansAsync(string owner, TimeProvider clock)
    {
        var mark = OwnerVariable + "=" + owner;
        var killed = 0;
        for (var round = 0; round < 5; round++)
        {
            var found = Marked(mark);
            if (found.Count == 0) break;
            killed += found.Count(p => ProcessGroup.KillIfOurs(p.Pid, p.StartTicks));
            await Task.Delay(TimeSpan.FromMilliseconds(50), clock);
        }
        return killed;
    }

    /// <summary>Running processes (not this one) with <paramref name="mark"/> in their environment, and their start
    /// times.</summary>
    public static List<(int Pid, long StartTicks)> Marked(string mark)
    {
        var found = new List<(int, long)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            if (ProcessGroup.StartTicks(pid) is not { } ticks || !ProcessGroup.Running(pid)) continue;
            try
            {
                var environ = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (environ.Contains(mark, StringComparer.Ordinal)) found.Add((pid, ticks));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }
}

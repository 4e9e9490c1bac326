using System.Globalization;
using System.Runtime.InteropServices;

namespace GitDeploy.Isolation.Processes;

/// <summary>
/// Signals to whole process groups. Instances start through <c>setsid</c>, so pid == pgid and a
/// signal to <c>-pid</c> reaches every process the app forked (gunicorn's workers included).
/// </summary>
public static partial class ProcessGroup
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    public static bool Signal(int pgid, int signal) => kill(-pgid, signal) == 0;

    /// <summary>
    /// A signal to the app's processes in a sandboxed group, not to the sandbox's plumbing: bubblewrap's
    /// monitor (the leader) and its namespace's init end everything at once when signalled, and so does the
    /// <c>sh -c START</c> between init and the app, since init exits with its child. The shell is signalled
    /// only when it is all there is (or has become the app by exec). False when nothing was signalled.
    /// </summary>
    public static bool SignalApp(int pgid, int signal)
    {
        var members = Members(pgid, runningOnly: true);
        var init = members.Where(pid => ParentOf(pid) == pgid).ToList();
        var shells = members.Where(pid => init.Contains(ParentOf(pid) ?? 0) && IsShell(pid)).ToList();
        var targets = members.Except([pgid, .. init, .. shells]).ToList();
        if (targets.Count == 0)
            targets = shells;
        var sent = false;
        foreach (var pid in targets)
            if (kill(pid, signal) == 0)
                sent = true;
        return sent;
    }

    private static int? ParentOf(int pid) =>
        Stat($"/proc/{pid}/stat") is { Length: > 1 } f && int.TryParse(f[1], CultureInfo.InvariantCulture, out var p)
            ? p
            : null;

    private static bool IsShell(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").StartsWith("/bin/sh\0-c\0", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A signal to one process, not its group.</summary>
    public static bool SignalProcess(int pid, int signal) => kill(pid, signal) == 0;

    /// <summary>SIGKILL to every process of the group.</summary>
    public static void KillGroup(int pgid) => kill(-pgid, SIGKILL);

    /// <summary>True while the process runs: not gone, and not a zombie waiting to be reaped.</summary>
    public static bool Running(int pid) => Stat($"/proc/{pid}/stat") is { Length: > 0 } f && f[0] is not ("Z" or "X");

    /// <summary>
    /// SIGKILL to <paramref name="pid"/> and its group, only while it is still the process that started at
    /// <paramref name="startTicks"/>: a pid found a moment ago may have been reused since. True if it was killed.
    /// </summary>
    public static bool KillIfOurs(int pid, long startTicks)
    {
        if (StartTicks(pid) != startTicks)
            return false;
        kill(-pid, SIGKILL); // the group too, when pid leads one
        return kill(pid, SIGKILL) == 0;
    }

    /// <summary>
    /// True while any process of the group still runs. Zombies do not count: a killed app's workers
    /// are reparented to pid 1 and wait there to be reaped, which can take long in a container.
    /// </summary>
    public static bool Alive(int pgid) =>
        (
            kill(-pgid, 0) == 0 || Marshal.GetLastPInvokeError() == 1 /* EPERM */
        )
        && Members(pgid, runningOnly: true).Count > 0;

    /// <summary>The process's start time in clock ticks since boot (/proc/PID/stat field 22), or null when gone.
    /// With the pid it identifies a process across pid reuse.</summary>
    public static long? StartTicks(int pid) =>
        Stat($"/proc/{pid}/stat") is { Length: > 19 } f
        && long.TryParse(f[19], System.Globalization.CultureInfo.InvariantCulture, out var t)
            ? t
            : null; // field 22 overall

    /// <summary>
    /// The fields of a /proc/PID/stat after the command name (field 3, the state, is [0]), or null
    /// when the process is gone or the file cannot be read.
    /// </summary>
    public static string[]? Stat(string path)
    {
        try
        {
            var stat = File.ReadAllText(path);
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static int? Pgid(string[]? stat) =>
        stat is { Length: > 2 } && int.TryParse(stat[2], System.Globalization.CultureInfo.InvariantCulture, out var g)
            ? g
            : null;

    /// <summary>
    /// Waits until <paramref name="pid"/> leads its own process group (setsid has run in it), so that
    /// a stop right after a start reaches the group; false if it exited or never did.
    /// </summary>
    public static async Task<bool> WaitLeaderAsync(int pid, TimeSpan limit, TimeProvider clock)
    {
        var deadline = clock.GetUtcNow() + limit;
        while (clock.GetUtcNow() < deadline)
        {
            if (GroupOf(pid) is { } g)
            {
                if (g == pid)
                    return true;
            }
            else
                return false;
            await Task.Delay(TimeSpan.FromMilliseconds(5), clock).ConfigureAwait(false);
        }
        return false;
    }

    private static int? GroupOf(int pid) => Pgid(Stat($"/proc/{pid}/stat"));

    /// <summary>The pids whose process group is <paramref name="pgid"/> (/proc/PID/stat field 5).</summary>
    public static IReadOnlyList<int> Members(int pgid, bool runningOnly = false)
    {
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            var stat = Stat(Path.Combine(dir, "stat"));
            if (Pgid(stat) == pgid && !(runningOnly && stat![0] is "Z" or "X"))
                members.Add(pid);
        }
        return members;
    }

    /// <summary>
    /// Whether group <paramref name="pgid"/> is still the one whose leader started at
    /// <paramref name="leaderStartTicks"/>, so signalling it cannot hit a stranger that reused the
    /// pid. Leader alive: it must have that start time. Leader gone: any member left is ours, since
    /// Linux lets no new group take an id while members of the old one remain.
    /// </summary>
    public static bool IsOurs(int pgid, long leaderStartTicks)
    {
        if (StartTicks(pgid) is { } leader)
            return leader == leaderStartTicks;
        return Members(pgid, runningOnly: true).Count > 0;
    }

    /// <summary>
    /// SIGTERM, then SIGKILL after <paramref name="grace"/>; returns when the group is gone. Whether
    /// the group is still the one led from <paramref name="leaderStartTicks"/> is checked before each
    /// signal and at each look: once our last process is gone, the number may be a stranger's.
    /// </summary>
    public static async Task TerminateAsync(
        int pgid,
        long leaderStartTicks,
        Task exited,
        TimeSpan grace,
        TimeProvider clock,
        bool sandboxed = false
    )
    {
        if (!IsOurs(pgid, leaderStartTicks) || !(sandboxed ? SignalApp(pgid, SIGTERM) : Signal(pgid, SIGTERM)))
        {
            await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(5), clock)).ConfigureAwait(false);
            return;
        }
        var graceful = await WaitGone(pgid, leaderStartTicks, exited, grace, clock);
        if (!graceful && IsOurs(pgid, leaderStartTicks))
            Signal(pgid, SIGKILL);
        await WaitGone(pgid, leaderStartTicks, exited, TimeSpan.FromSeconds(10), clock);
    }

    private static async Task<bool> WaitGone(
        int pgid,
        long leaderStartTicks,
        Task exited,
        TimeSpan limit,
        TimeProvider clock
    )
    {
        bool Gone() => exited.IsCompleted && (!Alive(pgid) || !IsOurs(pgid, leaderStartTicks));
        var deadline = clock.GetUtcNow() + limit;
        while (clock.GetUtcNow() < deadline)
        {
            if (Gone())
                return true;
            await Task.Delay(TimeSpan.FromMilliseconds(50), clock).ConfigureAwait(false);
        }
        return Gone();
    }
}

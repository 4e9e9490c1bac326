using System.Runtime.InteropServices;

namespace GitDeploy.Build.Processes;

/// <summary>
/// The processes of build steps. Each step runs through <c>setsid</c> (pid == pgid), so a signal to
/// <c>-pid</c> reaches whatever it forked, background jobs included. Every step also carries
/// <see cref="OwnerVariable"/> = the server's data directory in its environment: a server killed
/// with -9 cannot stop its steps, so the next start finds them by that mark and kills them.
/// </summary>
public static class BuildProcesses
{
    public const string OwnerVariable = "GITDEPLOY_BUILD_OWNER";
    public const int SIGKILL = 9;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    public static void KillGroup(int pgid) => kill(-pgid, SIGKILL);

    /// <summary>True while any process of the group exists (signal 0 probes without sending; EPERM means it exists).</summary>
    public static bool GroupAlive(int pgid) => kill(-pgid, 0) == 0 || Marshal.GetLastPInvokeError() == 1;

    /// <summary>True while the process runs (not gone, not a zombie waiting to be reaped).</summary>
    public static bool Running(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>Kills every process whose environment says it is a build step of <paramref name="owner"/>; returns how many.</summary>
    public static int KillOrphans(string owner)
    {
        var mark = OwnerVariable + "=" + owner;
        var killed = 0;
        // A few rounds: a step may fork while we look.
        for (var round = 0; round < 5; round++)
        {
            var found = Marked(mark);
            if (found.Count == 0) break;
            foreach (var pid in found)
            {
                kill(-pid, SIGKILL); // the step's group, when pid is its leader
                if (kill(pid, SIGKILL) == 0) killed++;
            }
            Thread.Sleep(50);
        }
        return killed;
    }

    private static List<int> Marked(string mark)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId || !Running(pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Contains(mark, StringComparer.Ordinal)) found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }
}

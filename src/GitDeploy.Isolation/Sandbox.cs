using CliWrap;
using CliWrap.Buffered;

namespace GitDeploy.Isolation;

/// <summary>
/// Wraps a command so that it runs isolated: in its cgroup (joined before anything else runs), with
/// RLIMIT_NOFILE, inside bubblewrap (own PID, IPC and UTS namespaces; a new root holding only
/// read-only system paths and interpreters plus the view's paths; a fresh /proc, /dev and /tmp), and,
/// when the server is root, as the app's own unprivileged user with no capabilities and no way to
/// gain any (setpriv, no_new_privs). The network namespace is the host's: instances listen where
/// the router reaches them, and outbound connections are open, as on Cloud Engine.
/// </summary>
public sealed class Sandbox(SandboxOptions options, Cgroups cgroups)
{
    // Joins every cgroup.procs named before "--", then becomes the command: nothing of the app runs outside its limits.
    private const string Entry =
        "while [ \"$1\" != -- ]; do " +
        "echo $$ > \"$1\" || { echo \"gitdeploy: cannot join cgroup $1\" >&2; exit 125; }; shift; " +
        "done; shift; exec \"$@\"";

    private static readonly string[] TopLevel = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    public bool Enabled => options.Enabled;
    /// <summary>Each app as a user of its own: only a root server can switch users.</summary>
    public bool PerAppUsers => options.Enabled && Environment.UserName == "root";
    public SandboxOptions Options => options;
    public Cgroups Cgroups => cgroups;

    /// <summary>The uid (= gid) of the app numbered <paramref name="appNumber"/>; null: the server's user.</summary>
    public int? UidFor(long appNumber) => PerAppUsers ? checked(options.UidBase + (int)appNumber) : null;

    /// <summary>The view's cgroup with its limits written (null without cgroups, or with the sandbox off).</summary>
    public Cgroup? CreateCgroup(SandboxView view) => options.Enabled ? cgroups.Create(view.Name, view.Limits) : null;

    /// <summary>The argv that runs <paramref name="file"/> in the view (to follow <c>setsid</c>).</summary>
    public IReadOnlyList<string> Command(
        SandboxView view, Cgroup? cgroup, string workDir, string file, IEnumerable<string> args)
    {
        if (!options.Enabled) return [file, .. args];
        var argv = new List<string> { "/bin/sh", "-c", Entry, "gitdeploy-sandbox" };
        if (cgroup is not null) argv.AddRange(cgroup.ProcsFiles);
        argv.Add("--");
        argv.Add("prlimit");
        if (view.Limits.OpenFiles is { } files) argv.Add($"--nofile={files}:{files}");
        // Without cgroups the app's user is the unit left to count processes by.
        if (cgroup is null && view.Uid is not null && view.Limits.Processes is { } procs)
            argv.Add($"--nproc={procs}:{procs}");
        argv.Add("--");
        argv.Add(options.Bwrap);
        argv.AddRange(BwrapArgs(view, workDir));
        argv.Add("--");
        if (view.Uid is { } uid)
            argv.AddRange(["/usr/bin/setpriv", $"--reuid={uid}", $"--regid={uid}", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--"]);
        argv.Add(file);
        argv.AddRange(args);
        return argv;
    }

    private List<string> BwrapArgs(SandboxView view, string workDir)
    {
        var a = new List<string>
        {
            "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--hostname", "gitdeploy-app",
            "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
            // /dev/shm writable: POSIX semaphores (multiprocessing, compileall -j) live there.
            "--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/dev/shm",
            "--perms", "1777", "--tmpfs", "/tmp",
            "--ro-bind-try", "/sys/devices/system/cpu", "/sys/devices/system/cpu",
        };
        foreach (var top in TopLevel)
        {
            var info = new FileInfo(top);
            if (info.LinkTarget is { } target) a.AddRange(["--symlink", target, top]);
            else if (Directory.Exists(top)) a.AddRange(["--ro-bind", top, top]);
        }
        var mounts = new SortedDictionary<string, bool>(StringComparer.Ordinal); // path → writable
        foreach (var p in options.RuntimePaths.Concat(view.ReadOnly)) mounts.TryAdd(Path.GetFullPath(p), false);
        foreach (var p in view.Writable) mounts[Path.GetFullPath(p)] = true;
        var made = new HashSet<string>(StringComparer.Ordinal) 
            { "/", "/tmp", "/usr", "/etc", "/proc", "/dev", "/dev/shm" };
        foreach (var (path, writable) in mounts)
        {
            foreach (var parent in Ancestors(path))
                if (made.Add(parent) && !mounts.ContainsKey(parent)) a.AddRange(["--perms", "0755", "--dir", parent]);
            made.Add(path);
            a.AddRange([writable ? "--bind" : "--ro-bind-try", path, path]);
        }
        a.AddRange(["--chdir", Path.GetFullPath(workDir)]);
        return a;
    }

    private static IEnumerable<string> Ancestors(string path)
    {
        var parents = new List<string>();
        for (var p = Path.GetDirectoryName(path); p is not null && p != "/"; p = Path.GetDirectoryName(p))
            parents.Add(p);
        parents.Reverse();
        return parents;
    }

    /// <summary>One line for the server's start: what isolates apps here.</summary>
    public string Describe() => !options.Enabled
        ? "off: apps run as the server's user and can read its data directory (--sandbox off)"
        : $"bubblewrap, {(PerAppUsers ? $"a user per app (uid {options.UidBase}+N)" : "as the server's user")}, " +
          $"limits by {cgroups.Mode}; instance: {options.Instance}; build: {options.Build}";

    /// <summary>Why sandboxed processes cannot run here (null: they can): checked once at start.</summary>
    public async Task<string?> ProblemAsync(CancellationToken ct)
    {
        if (!options.Enabled) return null;
        var view = new SandboxView
        {
            Name = "check-" + Guid.NewGuid().ToString("N")[..8], Uid = UidFor(0), Limits = options.Instance,
        };
        var cgroup = CreateCgroup(view);
        try
        {
            var r = await Cli.Wrap("setsid").WithArguments(Command(view, cgroup, "/", "/bin/true", []))
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
            return r.ExitCode == 0 ? null : $"{options.Bwrap} exits {r.ExitCode}: {r.StandardError.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{options.Bwrap} cannot run: {e.Message}";
        }
        finally
        {
            if (cgroup is not null) await cgroup.RemoveAsync();
        }
    }
}

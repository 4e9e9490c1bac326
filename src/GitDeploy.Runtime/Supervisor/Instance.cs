using CliWrap;
using GitDeploy.Isolation;
using GitDeploy.Isolation.Processes;
using GitDeploy.Runtime.Logs;

namespace GitDeploy.Runtime.Supervisor;

/// <summary>
/// One process group running a release, started through setsid in a fresh copy of the release's
/// source (so nothing an app writes can change the stored artifact a rollback will start), with
/// its own HOME and TMPDIR, inside the app's sandbox (its own user, PID namespace, file system view
/// and cgroup). Its output goes to the app's log, rate-limited.
/// </summary>
public sealed class Instance
{
    private readonly StartLog _output = new();
    private readonly CancellationTokenSource _forceful = new();
    private readonly object _stopGate = new();
    private Task? _stop;
    private Cgroup? _cgroup;
    private long _oomKills;
    private bool _sandboxed;

    public string Id { get; } = Guid.NewGuid().ToString("N")[..12];
    public required string Name { get; init; }
    public required InstanceSpec Spec { get; init; }
    public required int Port { get; init; }
    public required string Dir { get; init; }
    public int Pid { get; private set; }
    public long StartTicks { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public int? ExitCode { get; private set; }
    private Router.Upstream? _upstream;

    /// <summary>How the router reaches this instance (its connection pool and in-flight count).</summary>
    public Router.Upstream Upstream => _upstream ??= new Router.Upstream($"http://127.0.0.1:{Port}");
    public Task Exited { get; private set; } = Task.CompletedTask;
    public bool Stopping => _stop is not null;

    /// <summary>Whether the kernel killed a process of this instance at its memory limit.</summary>
    public bool OutOfMemory => Interlocked.Read(ref _oomKills) > 0;
    public ResourceLimits? Limits => _cgroup?.Limits;
    public long? MemoryUsage => _cgroup?.MemoryUsage();
    private CpuMeter? _cpu;
    private Task _memoryWatch = Task.CompletedTask;

    /// <summary>CPU use in percent of a core since the previous look, from the group's CPU time in <paramref
    /// name="cpuByGroup"/>.</summary>
    public double? CpuPercent(DateTimeOffset now, IReadOnlyDictionary<int, double> cpuByGroup) =>
        Pid > 0 && cpuByGroup.TryGetValue(Pid, out var s) ? (_cpu ??= new CpuMeter(StartedAt)).Sample(now, s) : null;

    /// <summary>What the app printed, at most about <paramref name="n"/> lines (<see cref="StartLog"/>).</summary>
    public IReadOnlyList<string> Tail(int n) => _output.Lines(n);

    /// <summary>The exception line of the last Python traceback the app printed, if any.</summary>
    public string? LastError => _output.LastError;

    internal async Task StartAsync(AppLogs logs, string appHost, TimeProvider clock, Sandbox sandbox)
    {
        var tmp = Path.Combine(Dir, "tmp");
        var home = Path.Combine(Dir, "home");
        var appCopy = Path.Combine(Dir, "app");
        Directory.CreateDirectory(tmp);
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(appCopy);
        await Cli.Wrap("cp").WithArguments(["-a", Spec.SourceDir + "/.", appCopy]).ExecuteAsync();
        var workDir = Path.GetFullPath(Path.Combine(appCopy, Spec.AppSubdir));
        DependencyLinks.Make(workDir, Spec.Links);
        await Ownership.GiveAsync(Dir, Spec.Uid);

        var env = ChildEnvironment(appHost, home, tmp);

        void Line(string line, bool err)
        {
            _output.Add(line.Length > 500 ? line[..500] : line);
            logs.App(Spec.App, Spec.Env, Name, Id, line, err);
        }

        var view = new SandboxView
        {
            Name = $"{Spec.App}.{Spec.Env}.{Name}.{Id}",
            Uid = Spec.Uid,
            Writable = Spec.PersistentDir is { } persistent ? [Dir, persistent] : [Dir],
            ReadOnly = [Spec.EnvironmentDir],
            Limits = sandbox.Options.Instance,
        };
        _sandboxed = sandbox.Enabled;
        _cgroup = sandbox.CreateCgroup(view);
        var task = Cli.Wrap("setsid")
            .WithArguments(sandbox.Command(view, _cgroup, workDir, "/bin/sh", ["-c", Spec.StartCommand]))
            .WithWorkingDirectory(workDir)
            .WithEnvironmentVariables(env)
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(l => Line(l, false)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(l => Line(l, true)))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(_forceful.Token);
        Pid = task.ProcessId;
        StartTicks = ProcessGroup.StartTicks(Pid) ?? 0;
        // setsid makes the group in the child a moment after it starts: until then -pid reaches nobody.
        await ProcessGroup.WaitLeaderAsync(Pid, TimeSpan.FromSeconds(2), clock);
        StartedAt = clock.GetUtcNow();
        Exited = ObserveExit(task);
        if (_cgroup is not null)
            _memoryWatch = WatchMemoryAsync(_cgroup, logs, clock);
        if (Spec.PersistentDir is { } dir)
            _ = WatchPersistentAsync(dir, logs, clock);
    }

    private Dictionary<string, string?> ChildEnvironment(string appHost, string home, string tmp)
    {
        // The app sees the platform's variables, not the server's own settings and git plumbing.
        var env = GitDeploy.Isolation.Processes.ChildEnvironment.Inherited();
        foreach (var (k, v) in Spec.Environment)
            env[k] = v;
        foreach (var (k, v) in Spec.RunVariables)
            env[k] = v;
        var port = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["LEANCLOUD_APP_PORT"] = port;
        env["LC_APP_PORT"] = port;
        env["PORT"] = port;
        env["LEANCLOUD_APP_HOST"] = appHost;
        env["LEANCLOUD_APP_INSTANCE"] = Name;
        env["HOME"] = home;
        env["TMPDIR"] = tmp;
        env["PATH"] = string.Join(":", Spec.PathPrefix.Append(System.Environment.GetEnvironmentVariable("PATH") ?? ""));
        if (Spec.PersistentDir is { } persistent)
            env["PERSISTENT_DIR"] = persistent;
        return env;
    }

    /// <summary>Says in the app's log when the persistent directory is full (and again once it has room).</summary>
    private async Task WatchPersistentAsync(string dir, AppLogs logs, TimeProvider clock)
    {
        var full = false;
        while (!Exited.IsCompleted)
        {
            try
            {
                var d = new DriveInfo(dir);
                var nowFull = d.AvailableFreeSpace < Math.Max(1L << 20, d.TotalSize / 100);
                if (nowFull && !full)
                    logs.Platform(
                        Spec.App,
                        Spec.Env,
                        Name,
                        $"the persistent directory is full ({d.TotalSize >> 20} "
                            + "MiB quota): writes there fail with 'No space left on device' "
                            + "until files are deleted or the "
                            + $"quota is raised (gitdeploy apps persistent {Spec.App} SIZE --env {Spec.Env}); "
                            + "nothing else of the app is affected"
                    );
                else if (full && !nowFull)
                    logs.Platform(Spec.App, Spec.Env, Name, "the persistent directory has room again");
                full = nowFull;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { }
            await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(2), clock)).ConfigureAwait(false);
        }
    }

    /// <summary>Says in the app's log when the kernel kills one of the instance's processes at its memory
    /// limit.</summary>
    private async Task WatchMemoryAsync(Cgroup cgroup, AppLogs logs, TimeProvider clock)
    {
        var limit = cgroup.Limits.MemoryBytes is { } m ? ResourceLimits.Describe(m) : "?";
        while (true)
        {
            var done = Exited.IsCompleted;
            var kills = cgroup.OomKills();
            // cgroup v1 counts a memory kill a moment after the killed process is gone (seen here: the exit first,
            // oom_kill 0, then 1): after an exit, look again for a little while before concluding there was none.
            for (var i = 0; done && kills == Interlocked.Read(ref _oomKills) && i < 10; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), clock).ConfigureAwait(false);
                kills = cgroup.OomKills();
            }
            var before = Interlocked.Exchange(ref _oomKills, kills);
            if (kills > before)
                logs.Platform(
                    Spec.App,
                    Spec.Env,
                    Name,
                    $"{Name} ran out of memory: the kernel killed "
                        + (kills - before == 1 ? "a process" : $"{kills - before} processes")
                        + " of it at its memory limit "
                        + $"({limit}); use less memory or raise the limit (serve --instance-memory)"
                );
            if (done)
                break;
            await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(1), clock)).ConfigureAwait(false);
        }
    }

    private async Task ObserveExit(CommandTask<CommandResult> task)
    {
        try
        {
            ExitCode = (await task).ExitCode;
        }
        catch (OperationCanceledException)
        {
            ExitCode = 128 + ProcessGroup.SIGKILL;
        }
    }

    /// <summary>"code 3", or "signal 9 (SIGKILL)" for a process a signal ended.</summary>
    public string ExitDescription =>
        (
            ExitCode switch
            {
                null => "running",
                > 128 and < 160 and var c => $"signal {c - 128}{SignalName(c - 128)}",
                var c => $"code {c}",
            }
        ) + (ExitCode == 128 + ProcessGroup.SIGKILL && OutOfMemory ? ", out of memory" : "");

    private static string SignalName(int signal) =>
        signal switch
        {
            2 => " (SIGINT)",
            6 => " (SIGABRT)",
            9 => " (SIGKILL)",
            11 => " (SIGSEGV)",
            15 => " (SIGTERM)",
            _ => "",
        };

    /// <summary>SIGTERM to the whole group, SIGKILL after the grace period; idempotent; removes the instance's
    /// directory.</summary>
    public Task StopAsync(TimeSpan grace, TimeProvider clock)
    {
        lock (_stopGate)
            return _stop ??= StopCore(grace, clock);
    }

    private async Task StopCore(TimeSpan grace, TimeProvider clock)
    {
        // A leader that exited may have left its pid to a stranger: TerminateAsync signals only while the group is
        // ours.
        // In a sandbox the group's leader is bubblewrap's monitor, which a SIGTERM would end at once,
        // taking the app with it: the app's processes get SIGTERM, the monitor follows when they exit.
        if (Pid > 0)
            await ProcessGroup.TerminateAsync(Pid, StartTicks, Exited, grace, clock, sandboxed: _sandboxed);
        if (!Exited.IsCompleted)
            _forceful.Cancel();
        await Exited.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _upstream?.Close();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        // The memory watcher's last look decides whether the exit was a memory kill (ExitDescription): it first.
        try
        {
            await _memoryWatch.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException) { }
        if (_cgroup is not null)
            await _cgroup.RemoveAsync();
    }
}

using CliWrap;
using GitDeploy.Runtime.Logs;
using GitDeploy.Runtime.Processes;

namespace GitDeploy.Runtime.Supervisor;

public enum InstanceState { Starting, Healthy, Draining, Stopping, Stopped, Crashed }

/// <summary>One running process group of a release, started through setsid.</summary>
public sealed class Instance
{
    private readonly Queue<string> _tail = new();
    private readonly CancellationTokenSource _forceful = new();

    public string Id { get; } = Guid.NewGuid().ToString("N")[..12];
    public required string Name { get; init; }
    public required InstanceSpec Spec { get; init; }
    public required int Port { get; init; }
    public required string HomeDir { get; init; }
    public int Pid { get; private set; }
    public long StartTicks { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public InstanceState State { get; set; } = InstanceState.Starting;
    public int? ExitCode { get; private set; }
    public Task Exited { get; private set; } = Task.CompletedTask;

    public IReadOnlyList<string> Tail(int n)
    {
        lock (_tail) return _tail.TakeLast(n).ToList();
    }

    internal void Start(AppLogs logs, string appHost, TimeProvider clock)
    {
        var tmp = Path.Combine(HomeDir, "tmp");
        var home = Path.Combine(HomeDir, "home");
        Directory.CreateDirectory(tmp);
        Directory.CreateDirectory(home);
        var venvBin = Path.Combine(Spec.VirtualEnv, "bin");
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            var key = (string)e.Key;
            // The app sees the platform's variables, not the server's own secrets and git plumbing.
            if (key.StartsWith("GIT_", StringComparison.Ordinal) || key.StartsWith("GITDEPLOY_", StringComparison.Ordinal) || key.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || key.StartsWith("DOTNET_", StringComparison.Ordinal))
                env[key] = null;
        }
        foreach (var (k, v) in Spec.Environment) env[k] = v;
        var port = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["LEANCLOUD_APP_PORT"] = port;
        env["LC_APP_PORT"] = port;
        env["PORT"] = port;
        env["LEANCLOUD_APP_HOST"] = appHost;
        env["LEANCLOUD_APP_INSTANCE"] = Name;
        env["HOME"] = home;
        env["TMPDIR"] = tmp;
        env["VIRTUAL_ENV"] = Spec.VirtualEnv;
        env["PATH"] = venvBin + ":" + System.Environment.GetEnvironmentVariable("PATH");
        env["PYTHONUNBUFFERED"] = "1";

        void Line(string line, bool err)
        {
            lock (_tail)
            {
                _tail.Enqueue(line.Length > 500 ? line[..500] : line);
                while (_tail.Count > 50) _tail.Dequeue();
            }
            logs.Write(Spec.App, Name, line, err);
        }

        var task = Cli.Wrap("setsid")
            .WithArguments(["/bin/sh", "-c", Spec.StartCommand])
            .WithWorkingDirectory(Spec.AppDir)
            .WithEnvironmentVariables(env)
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(l => Line(l, false)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(l => Line(l, true)))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(_forceful.Token);
        Pid = task.ProcessId;
        StartTicks = ProcessGroup.StartTicks(Pid) ?? 0;
        StartedAt = clock.GetUtcNow();
        Exited = ObserveExit(task);
    }

    private async Task ObserveExit(CommandTask<CommandResult> task)
    {
        try
        {
            var r = await task;
            ExitCode = r.ExitCode;
        }
        catch (OperationCanceledException)
        {
            ExitCode = -9;
        }
    }

    /// <summary>SIGTERM to the whole group, SIGKILL after the grace period; idempotent.</summary>
    public async Task StopAsync(TimeSpan grace, TimeProvider clock)
    {
        if (State == InstanceState.Stopped) return;
        State = InstanceState.Stopping;
        if (Pid > 0) await ProcessGroup.TerminateAsync(Pid, Exited, grace, clock);
        if (!Exited.IsCompleted) _forceful.Cancel();
        await Exited.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        State = InstanceState.Stopped;
        try { Directory.Delete(HomeDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

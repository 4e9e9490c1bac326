using CliWrap;
using GitDeploy.Build.Processes;
using GitDeploy.Isolation;
using GitDeploy.Isolation.Processes;

namespace GitDeploy.Build.Pipeline;

/// <summary>
/// Runs one build command with CliWrap, stdout and stderr merged line by line into the build
/// output as they come (each cut at 4096 characters). Lines indented 7 spaces or starting " !" are
/// the buildpack's status lines and always shown; the rest is detail. Each command is its own
/// process group (setsid): past the timeout the whole group is killed, and so is whatever the
/// command left running in the background once it exits, so no build process outlives its step.
/// </summary>
public sealed class StepRunner(
    IBuildOutput output,
    TimeSpan timeout,
    bool showAll,
    string? owner = null,
    BuildIsolation? isolation = null,
    TimeProvider? clock = null
)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The server's clock, which times this build's steps and stages.</summary>
    public TimeProvider Clock => _clock;

    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The server's environment as every child gets it (<see cref="ChildEnvironment"/>): the app's variables
    /// reach a build only through exposeEnvironmentsOnBuild. The buildpack's own setting passes.
    /// </summary>
    public static Dictionary<string, string?> InheritedEnvironment() =>
        ChildEnvironment.Inherited("GITDEPLOY_PYENV_INSTALL_TIMEOUT");

    /// <summary>Runs one command; in the app's sandbox when <paramref name="view"/> is given (it runs app
    /// code).</summary>
    public async Task<StepResult> RunAsync(
        string file,
        IEnumerable<string> args,
        string workDir,
        IReadOnlyDictionary<string, string?> env,
        bool statusLinesOnly,
        CancellationToken ct,
        SandboxView? view = null
    )
    {
        var lines = new List<string>();
        void OnLine(string raw)
        {
            var line = BuildText.Cut(raw);
            lock (lines)
                lines.Add(line);
            var status =
                line.StartsWith(BuildText.Indent, StringComparison.Ordinal)
                || line.StartsWith(" !", StringComparison.Ordinal);
            output.Write(
                status || !statusLinesOnly ? line : BuildText.Indent + line,
                detail: !status && !statusLinesOnly && !showAll
            );
        }

        var stepEnv = new Dictionary<string, string?>(env);
        if (owner is not null)
            stepEnv[BuildProcesses.OwnerVariable] = owner;
        var oomBefore = isolation?.Cgroup?.OomKills() ?? 0;
        var started = _clock.GetTimestamp();
        using var forceful = new CancellationTokenSource();
        var argv =
            view is not null && isolation is not null
                ? isolation.Sandbox.Command(view, isolation.Cgroup, workDir, file, args)
                : [file, .. args];
        var task = Cli.Wrap("setsid")
            .WithArguments(argv)
            .WithWorkingDirectory(workDir)
            .WithEnvironmentVariables(stepEnv)
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(OnLine))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(OnLine))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(forceful.Token);
        var pgid = task.ProcessId;

        // Watch the group: CliWrap's own kill reaches the direct child only, and its task also waits
        // for the output pipes, which a background job that inherited them keeps open.
        var timedOut = false;
        while (!task.Task.IsCompleted)
        {
            await Task.WhenAny(task.Task, Task.Delay(WatchInterval, _clock, CancellationToken.None));
            if (task.Task.IsCompleted)
                break;
            if (ct.IsCancellationRequested || _clock.GetElapsedTime(started) > timeout)
            {
                timedOut = !ct.IsCancellationRequested;
                ProcessGroup.KillGroup(pgid);
                await forceful.CancelAsync();
                break;
            }
            if (!ProcessGroup.Running(pgid) && ProcessGroup.Alive(pgid))
                ProcessGroup.KillGroup(pgid); // the step is done; what it left in the background goes with it
        }

        int exitCode;
        try
        {
            exitCode = (await task).ExitCode;
        }
        catch (OperationCanceledException)
        {
            exitCode = -1;
        }
        // A background job with its output redirected does not hold the pipes: it is still in the group.
        if (ProcessGroup.Alive(pgid))
            ProcessGroup.KillGroup(pgid);
        if (view is not null && isolation?.Cgroup is { } cgroup && cgroup.OomKills() > oomBefore)
        {
            var limit = cgroup.Limits.MemoryBytes is { } m ? ResourceLimits.Describe(m) : "?";
            output.Write(
                BuildText.Error(
                    "out of memory: the kernel killed a process of this step at the build's "
                        + $"memory limit ({limit}; serve --build-memory)"
                )
            );
        }
        if (timedOut)
        {
            output.Write(
                BuildText.Error(
                    $"timed out: still running after the build timeout ({BuildText.Duration(timeout)}); "
                        + "killed with every process it started"
                )
            );
            return new StepResult(-1, lines, _clock.GetElapsedTime(started), true);
        }
        ct.ThrowIfCancellationRequested();
        return new StepResult(exitCode, lines, _clock.GetElapsedTime(started), false);
    }
}

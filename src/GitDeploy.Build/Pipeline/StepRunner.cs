using System.Collections;
using CliWrap;

namespace GitDeploy.Build.Pipeline;

/// <summary>One command of a build, its captured output and exit code.</summary>
public sealed record StepResult(int ExitCode, IReadOnlyList<string> Lines, TimeSpan Duration, bool TimedOut)
{
    public bool Ok => ExitCode == 0 && !TimedOut;
}

/// <summary>
/// Runs one build command with CliWrap, stdout and stderr merged line by line into the build
/// output as they come. Lines indented 7 spaces or starting " !" are the buildpack's status lines
/// and always shown; the rest is detail.
/// </summary>
public sealed class StepRunner(IBuildOutput output, TimeSpan timeout, bool showAll)
{
    public static Dictionary<string, string?> InheritedEnvironment()
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
            if (((string)e.Key).StartsWith("GIT_", StringComparison.Ordinal)) env[(string)e.Key] = null;
        return env;
    }

    public async Task<StepResult> RunAsync(string file, IEnumerable<string> args, string workDir, IReadOnlyDictionary<string, string?> env, bool statusLinesOnly, CancellationToken ct)
    {
        var lines = new List<string>();
        void OnLine(string raw)
        {
            var line = BuildText.Cut(raw);
            lock (lines) lines.Add(line);
            var status = line.StartsWith(BuildText.Indent, StringComparison.Ordinal) || line.StartsWith(" !", StringComparison.Ordinal);
            output.Write(status || !statusLinesOnly ? line : BuildText.Indent + line, detail: !status && !statusLinesOnly && !showAll);
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout);
        try
        {
            var result = await Cli.Wrap(file)
                .WithArguments(args)
                .WithWorkingDirectory(workDir)
                .WithEnvironmentVariables(env)
                .WithStandardInputPipe(PipeSource.Null)
                .WithStandardOutputPipe(PipeTarget.ToDelegate(OnLine))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(OnLine))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(timeoutCts.Token);
            return new StepResult(result.ExitCode, lines, started.Elapsed, false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            output.Write(BuildText.Error($"timed out after {timeout.TotalMinutes:0.#} min and was killed"));
            return new StepResult(-1, lines, started.Elapsed, true);
        }
    }
}

using CliWrap;
using CliWrap.Buffered;

namespace GitDeploy.Build.Cache;

/// <summary>
/// The check a complete cache entry passes before it is reused: its files are those recorded when
/// it was completed (<see cref="EnvCache.Damage"/>), and the buildpack's <c>check</c> script, when
/// it has one, accepts it (Python's: the venv's interpreter runs as a virtualenv's, since a base
/// interpreter removed or upgraded since breaks every venv made from it).
/// </summary>
public static class EnvCheck
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Why the entry must not be reused, or null.</summary>
    /// <param name="command">Turns the check's (file, args) into the argv that runs it (its sandbox).</param>
    /// <param name="check">The buildpack's <c>bin/check</c> (exit 0: reusable; else its last line says why).</param>
    public static async Task<string?> ProblemAsync(
        string envDir,
        CancellationToken ct,
        CommandLine? command = null,
        string? check = null
    ) =>
        EnvCache.Damage(envDir)
        ?? (check is null ? null : await CheckProblemAsync(envDir, check, ct, command ?? ((f, a) => [f, .. a])));

    /// <summary>The argv that runs <c>file args</c>.</summary>
    public delegate IReadOnlyList<string> CommandLine(string file, IReadOnlyList<string> args);

    private static async Task<string?> CheckProblemAsync(
        string envDir,
        string check,
        CancellationToken ct,
        CommandLine command
    )
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Limit);
        try
        {
            var r = await RunAsync(command(check, [envDir]), cts.Token);
            if (r.ExitCode == 0)
                return null;
            return LastLine(r.StandardOutput)
                ?? LastLine(r.StandardError)
                ?? $"the buildpack's check exits {r.ExitCode}";
        }
        catch (Exception e)
            when (e is System.ComponentModel.Win32Exception
                || (e is OperationCanceledException && !ct.IsCancellationRequested)
            )
        {
            return "the buildpack's check does not run: "
                + (e is OperationCanceledException ? $"still running after {Limit.TotalSeconds:0} s" : e.Message);
        }
    }

    private static string? LastLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);

    /// <summary>
    /// Runs the check, retrying "Text file busy" (ETXTBSY): a file written a moment ago can be
    /// held open by a child another thread is forking (https://github.com/dotnet/runtime/issues/58492).
    /// </summary>
    private static async Task<BufferedCommandResult> RunAsync(IReadOnlyList<string> argv, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Cli.Wrap(argv[0])
                    .WithArguments(argv.Skip(1))
                    .WithValidation(CommandResultValidation.None)
                    .ExecuteBufferedAsync(ct);
            }
            catch (Exception e)
                when (attempt < 5
                    && (
                        e.InnerException as System.ComponentModel.Win32Exception
                        ?? e as System.ComponentModel.Win32Exception
                    )?.NativeErrorCode == 26
                )
            {
                await Task.Delay(50 * attempt, ct);
            }
        }
    }
}

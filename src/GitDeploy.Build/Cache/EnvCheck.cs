using CliWrap;
using CliWrap.Buffered;

namespace GitDeploy.Build.Cache;

/// <summary>
/// The check a complete cache entry passes before it is reused: its files are those recorded when
/// it was completed (<see cref="EnvCache.Damage"/>), and its interpreter runs as a virtualenv's
/// (a base interpreter removed or upgraded since breaks every venv made from it).
/// </summary>
public static class EnvCheck
{
    /// <summary>Why the entry must not be reused, or null.</summary>
    /// <param name="command">Turns the interpreter's (file, args) into the argv that runs it (its sandbox).</param>
    public static async Task<string?> ProblemAsync(string envDir, CancellationToken ct, CommandLine? command = null) =>
        EnvCache.Damage(envDir) ?? await PythonProblemAsync(envDir, ct, command ?? ((f, a) => [f, .. a]));

    /// <summary>The argv that runs <c>file args</c>.</summary>
    public delegate IReadOnlyList<string> CommandLine(string file, IReadOnlyList<string> args);

    private static async Task<string?> PythonProblemAsync(string envDir, CancellationToken ct, CommandLine command)
    {
        var python = Path.Combine(envDir, "venv", "bin", "python");
        if (!File.Exists(python)) return "venv/bin/python is missing";
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            var argv = command(python, ["-c", "import sys; print(sys.prefix != sys.base_prefix)"]);
            var r = await RunAsync(argv, cts.Token);
            if (r.ExitCode == 0 && r.StandardOutput.Trim() == "True") return null;
            return r.ExitCode == 0 ? "venv/bin/python is not a virtualenv's" : $"venv/bin/python exits {r.ExitCode}: {r.StandardError.Trim().Split('\n').LastOrDefault()}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return "venv/bin/python does not run: " + e.Message;
        }
    }

    /// <summary>
    /// Runs the interpreter, retrying "Text file busy" (ETXTBSY): a file written a moment ago can be
    /// held open by a child another thread is forking (https://github.com/dotnet/runtime/issues/58492).
    /// </summary>
    private static async Task<BufferedCommandResult> RunAsync(IReadOnlyList<string> argv, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Cli.Wrap(argv[0]).WithArguments(argv.Skip(1))
                    .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
            }
            catch (Exception e) when (attempt < 5 && (e.InnerException as System.ComponentModel.Win32Exception ?? e as System.ComponentModel.Win32Exception)?.NativeErrorCode == 26)
            {
                await Task.Delay(50 * attempt, ct);
            }
        }
    }
}

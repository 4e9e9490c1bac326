using CliWrap;
using CliWrap.Buffered;

namespace GitDeploy.Tests.Infrastructure;

/// <summary>The real `gitdeploy` executable, as a client of a test server.</summary>
public static class GitdeployCli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "gitdeploy.dll");

    public static async Task<CliResult> RunAsAsync(TestServer server, string token, string? stdin, params string[] args)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var r = await Cli.Wrap("dotnet")
            .WithArguments([Dll, .. args])
            .WithEnvironmentVariables(e =>
                e.Set("GITDEPLOY_URL", server.BaseUri.ToString()).Set("GITDEPLOY_TOKEN", token)
            )
            .WithStandardInputPipe(stdin is null ? PipeSource.Null : PipeSource.FromString(stdin))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cts.Token);
        return new CliResult(r.ExitCode, r.StandardOutput, r.StandardError);
    }

    public static Task<CliResult> RunAsync(TestServer server, params string[] args) =>
        RunAsAsync(server, TestServer.Token, null, args);
}

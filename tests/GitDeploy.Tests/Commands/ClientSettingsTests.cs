using CliWrap;
using CliWrap.Buffered;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Commands;

/// <summary>A client setting the CLI cannot use is an error that says what to set, not a crash.</summary>
public class ClientSettingsTests
{
    private static async Task<BufferedCommandResult> Cli(string url, string token)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await CliWrap
            .Cli.Wrap("dotnet")
            .WithArguments([GitdeployCli.Dll, "apps", "list"])
            .WithEnvironmentVariables(e => e.Set("GITDEPLOY_URL", url).Set("GITDEPLOY_TOKEN", token))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cts.Token);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("http://127.0.0.1:9", "gd_abc\ngd_def", "GITDEPLOY_TOKEN holds")]
    [InlineData("127.0.0.1:8080", "gd_abc", "GITDEPLOY_URL is not an http:// or https:// address")]
    [InlineData("not a url", "gd_abc", "GITDEPLOY_URL is not an http:// or https:// address")]
    public async Task ABadUrlOrToken_IsAnErrorNamingTheVariable(string url, string token, string said)
    {
        var r = await Cli(url, token);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error: " + said, r.StandardError);
        Assert.DoesNotContain("Unhandled exception", r.StandardError);
    }
}

using CliWrap;
using CliWrap.Buffered;
using GitDeploy.Server.Hosting;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Server;

/// <summary>A value the server cannot run with stops <c>gitdeploy serve</c> at start, naming the option.</summary>
public class ServeOptionsTests
{
    [Theory(Timeout = 60_000)]
    [InlineData("--keep-releases", "0", "--keep-releases must be 1 or more, not 0")]
    [InlineData("--parallel-builds", "0", "--parallel-builds must be 1 to 64, not 0")]
    [InlineData("--build-timeout-minutes", "-5", "--build-timeout-minutes must be more than 0, not -5")]
    [InlineData("--timezone", "Mars/Olympus", "--timezone must be an IANA time zone")]
    public async Task BadValue_FailsServeAtStart_WithTheOptionsName(string option, string value, string expected)
    {
        var data = TestEnvironment.TempDir("gd-badopt");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        var r = await Cli.Wrap("dotnet")
            .WithArguments([GitdeployCli.Dll, "serve", "--data", data, "--urls", "http://127.0.0.1:0", option, value])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cts.Token);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.StandardError);
        Assert.DoesNotContain("listening", r.StandardOutput);
    }

    [Fact]
    public void Defaults_AreEveryFeaturesOwn_AndValid()
    {
        var o = new ServeOptions();
        Assert.Empty(o.Problems());
        Assert.Equal(new GitDeploy.Runtime.Supervisor.SupervisorOptions().DrainPeriod, o.DrainPeriod);
        Assert.Equal(new GitDeploy.Build.Pipeline.BuildOptions().StepTimeout, o.BuildStepTimeout);
        Assert.Equal(new GitDeploy.Runtime.Router.RouterOptions().ResponseTimeout, o.ResponseTimeout);
    }
}

using System.Diagnostics;
using CliWrap;
using CliWrap.Buffered;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Commands;

/// <summary>tests/run on a machine with neither a wheelhouse nor a reachable index: one line, within seconds.</summary>
public class TestRunScriptTests
{
    [Fact(Timeout = 60_000)]
    public async Task WithoutWheelhouseOrIndex_StopsAtOnceSayingWhatToSet()
    {
        var r = await Cli.Wrap(Path.Combine(TestEnvironment.RepoRoot, "tests", "run"))
            .WithEnvironmentVariables(e => e
                .Set("GITDEPLOY_TEST_WHEELHOUSE", Path.Combine(TestEnvironment.TempDir("gd-nowheels"), "absent"))
                .Set("PIP_INDEX_URL", "http://127.0.0.1:9/simple")) // the discard port: nothing answers
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("does not answer: set GITDEPLOY_TEST_WHEELHOUSE=DIR", r.StandardError);
        Assert.DoesNotContain("Build", r.StandardOutput); // no dotnet test was started
    }
}

using CliWrap;
using CliWrap.Buffered;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Build;

/// <summary>buildpacks/nodejs/lib/semver.js, the engines.node check, run with the real node.</summary>
public class NodeSemverScriptTests
{
    private static readonly string Script =
        Path.Combine(TestEnvironment.RepoRoot, "buildpacks", "nodejs", "lib", "semver.js");

    private static async Task<(int Exit, string Output)> Check(string version, string range)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var r = await Cli.Wrap("node").WithArguments([Script, version, range])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cts.Token);
        return (r.ExitCode, r.StandardOutput + r.StandardError);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("20.20.2", "20.20.2", true)]
    [InlineData("20.20.2", "=20.20.2", true)]
    [InlineData("20.20.2", "v20.20.2", true)]
    [InlineData("20.20.2", "20.20.3", false)]
    [InlineData("20.20.2", ">=18", true)]
    [InlineData("20.20.2", ">= 18.17.0", true)]
    [InlineData("20.20.2", ">=21", false)]
    [InlineData("20.20.2", ">20", false)]
    [InlineData("20.20.2", ">19", true)]
    [InlineData("20.20.2", ">20.20.1", true)]
    [InlineData("20.20.2", "<20", false)]
    [InlineData("20.20.2", "<=20", true)]
    [InlineData("20.20.2", "<=20.19", false)]
    [InlineData("20.20.2", ">=18 <21", true)]
    [InlineData("20.20.2", ">=18 <20", false)]
    [InlineData("20.20.2", "^20", true)]
    [InlineData("20.20.2", "^20.11.1", true)]
    [InlineData("20.20.2", "^20.21", false)]
    [InlineData("20.20.2", "^18", false)]
    [InlineData("0.2.5", "^0.2.3", true)]
    [InlineData("0.3.0", "^0.2.3", false)]
    [InlineData("0.0.3", "^0.0.3", true)]
    [InlineData("0.0.4", "^0.0.3", false)]
    [InlineData("20.20.2", "~20.20.0", true)]
    [InlineData("20.20.2", "~20.19", false)]
    [InlineData("20.20.2", "~20", true)]
    [InlineData("20.20.2", "~>20.20", true)]
    [InlineData("20.20.2", "20", true)]
    [InlineData("20.20.2", "20.x", true)]
    [InlineData("20.20.2", "20.20.x", true)]
    [InlineData("20.20.2", "20.19.X", false)]
    [InlineData("20.20.2", "19.*", false)]
    [InlineData("20.20.2", "*", true)]
    [InlineData("20.20.2", "x", true)]
    [InlineData("20.20.2", "", true)]
    [InlineData("20.20.2", "14 || 16 || 18", false)]
    [InlineData("20.20.2", "18.x || 20.x", true)]
    [InlineData("20.20.2", "^16.13 || ^18.12 || >=20.9", true)]
    [InlineData("20.20.2", "16 - 20", true)]
    [InlineData("20.20.2", "16 - 19", false)]
    [InlineData("20.20.2", "20.20.3 - 22", false)]
    [InlineData("20.0.0-rc.1", ">=20", false)]
    [InlineData("20.0.0", ">=20.0.0-rc.1", true)]
    public async Task Range_IsCheckedAsNpmDoes(string version, string range, bool satisfied)
    {
        var (exit, output) = await Check(version, range);
        Assert.True(exit == (satisfied ? 0 : 1), $"{version} against '{range}': exit {exit} {output}");
    }

    [Theory(Timeout = 30_000)]
    [InlineData("latest", "'latest' is not a version range: 'latest' is not a version")]
    [InlineData(">=", "'>=' has no version")]
    [InlineData("20.1.2.3", "'20.1.2.3' is not a version")]
    [InlineData("^20 ||| 18", "is not a version")]
    public async Task WhatIsNotARange_IsSaidWithAnExample(string range, string said)
    {
        var (exit, output) = await Check("20.20.2", range);

        Assert.Equal(2, exit);
        Assert.Contains(said, output);
        Assert.Contains("e.g. '>=18'", output);
    }
}

using CliWrap;
using CliWrap.Buffered;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Build;

/// <summary>buildpacks/nodejs/bin/detect on source trees (lean-cli's rule), with the real node.</summary>
public class NodeDetectScriptTests
{
    private static readonly string Script =
        Path.Combine(TestEnvironment.RepoRoot, "buildpacks", "nodejs", "bin", "detect");

    private static async Task<(int Exit, string Output)> Detect(Dictionary<string, string> files, string run = "")
    {
        var src = TestEnvironment.TempDir("gd-src");
        SampleApps.Write(src, files);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var r = await Cli.Wrap(Script).WithArguments([src]).WithEnvironmentVariables(e => e.Set("LEANENGINE_RUN", run))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cts.Token);
        return (r.ExitCode, (r.StandardOutput + r.StandardError).Trim());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("""{"scripts": {"start": "node app.js"}}""", null, "", "Node.js (package.json with scripts.start)")]
    [InlineData("""{"name": "x"}""", "server.js", "", "Node.js (package.json and server.js)")]
    [InlineData("""{"name": "x"}""", null, "node app.js", "Node.js (package.json and run: in leanengine.yaml)")]
    public async Task NodeApps_AreDetected_SayingWhy(string packageJson, string? other, string run, string said)
    {
        var files = new Dictionary<string, string> { ["package.json"] = packageJson };
        if (other is not null) files[other] = "// app";

        var (exit, output) = await Detect(files, run);

        Assert.Equal(0, exit);
        Assert.Equal(said, output);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(null, "not a Node.js app: looked for package.json with scripts.start, or package.json and server.js")]
    [InlineData("""{"scripts": {"build": "webpack"}}""", "package.json has no scripts.start and there is no server.js")]
    [InlineData("{not json", "not a Node.js app: package.json is not valid JSON")]
    [InlineData("""{"scripts": {"start": ["node", "a.js"]}}""", "package.json: scripts.start must be a string")]
    public async Task OtherTrees_AreNotNodeApps_SayingWhatWasLookedFor(string? packageJson, string said)
    {
        var files = new Dictionary<string, string> { ["wsgi.py"] = "application = None" };
        if (packageJson is not null) files["package.json"] = packageJson;

        var (exit, output) = await Detect(files);

        Assert.Equal(100, exit);
        Assert.Contains(said, output);
    }
}

using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Commands;

/// <summary>The release manager's commands through the real executable.</summary>
public class ReleaseCommandsTests
{
    private static async Task<(int Exit, string Out, string Err)> Gitdeploy(TestServer server, params string[] args) =>
        await GitdeployCli.RunAsync(server, args) is var r ? (r.Exit, r.Out, r.Err) : default;

    [Fact(Timeout = 240_000)]
    public async Task ReleasesRollbackConfigDeployAndHistory_FromTheCommandLine()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "clirel", SampleApps.Plain);
        var tags = await GitDeploy.Tests.EndToEnd.ReleaseManagementTests.DeployVersionsAsync(server, repo, 2);

        var releases = await Gitdeploy(server, "releases", "clirel");
        Assert.Equal(0, releases.Exit);
        Assert.Matches($@"(?m)^{tags[1]}\s+\w{{7}}\s+deployed\s+production\s", releases.Out);

        var config = await Gitdeploy(server, "config", "set", "clirel", "GREETING=hello world", "--restart");
        Assert.True(config.Exit == 0, config.Err);
        Assert.Equal("hello world", await server.GetAppTextAsync("clirel.localhost", "/env/GREETING"));
        Assert.Contains("GREETING=hello world", (await Gitdeploy(server, "config", "list", "clirel")).Out);

        var refused = await Gitdeploy(server, "config", "set", "clirel", "LEANCLOUD_APP_ID=x");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("set by the platform", refused.Err);

        var rollback = await Gitdeploy(server, "rollback", "clirel", tags[0]);
        Assert.True(rollback.Exit == 0, rollback.Err);
        Assert.Contains($"{tags[0]} is live on production", rollback.Out);
        Assert.StartsWith($"plain {tags[0]}", await server.GetAppTextAsync("clirel.localhost"));

        var unknown = await Gitdeploy(server, "rollback", "clirel", "20000101-000000");
        Assert.Equal(1, unknown.Exit);
        Assert.Contains($"retained releases: {tags[1]}, {tags[0]}", unknown.Err);

        var deploy = await Gitdeploy(server, "deploy", "clirel", "--ref", "main", "--env", "stage");
        Assert.True(deploy.Exit == 0, deploy.Out + deploy.Err);
        Assert.Contains("-----> Detecting app", deploy.Out);
        Assert.Contains("is live on stage", deploy.Out);

        var history = await Gitdeploy(server, "history", "clirel");
        Assert.Matches(@"(?m)\s+production\s+rollback\s+admin\s+" + tags[0], history.Out);
        Assert.Matches(@"(?m)\s+production\s+config set\s+admin\s+GREETING", history.Out);
    }
}

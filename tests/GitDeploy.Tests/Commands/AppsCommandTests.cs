using CliWrap;
using CliWrap.Buffered;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Commands;

/// <summary>The real gitdeploy executable as a client of a real server.</summary>
public class AppsCommandTests
{
    private static async Task<(int Exit, string Out, string Err)> Gitdeploy(
        TestServer server,
        string token,
        params string[] args
    ) => await GitdeployCli.RunAsAsync(server, token, null, args) is var r ? (r.Exit, r.Out, r.Err) : default;

    [Fact(Timeout = 120_000)]
    public async Task AppsCreateListDestroy_RoundTrip()
    {
        await using var server = await TestServer.StartAsync();

        var created = await Gitdeploy(server, TestServer.Token, "apps", "create", "cli-app");
        Assert.Equal(0, created.Exit);
        Assert.Contains($"git remote add engine http://127.0.0.1:{server.Port}/cli-app.git", created.Out);

        var list = await Gitdeploy(server, TestServer.Token, "apps", "list");
        Assert.Equal(0, list.Exit);
        Assert.Matches(@"(?m)^cli-app\s", list.Out);

        var json = await Gitdeploy(server, TestServer.Token, "apps", "list", "--json");
        Assert.Contains("\"name\": \"cli-app\"", json.Out);

        // A script (no terminal to ask) must say --confirm: without it nothing is deleted.
        var unconfirmed = await Gitdeploy(server, TestServer.Token, "apps", "destroy", "cli-app");
        Assert.NotEqual(0, unconfirmed.Exit);
        Assert.Contains("pass --confirm cli-app", unconfirmed.Err + unconfirmed.Out);
        Assert.True(Directory.Exists(Path.Combine(server.DataDir, "repos", "cli-app.git")));

        var destroyed = await Gitdeploy(server, TestServer.Token, "apps", "destroy", "cli-app", "--confirm", "cli-app");
        Assert.Equal(0, destroyed.Exit);
        Assert.DoesNotContain("cli-app", (await Gitdeploy(server, TestServer.Token, "apps", "list")).Out);
        Assert.False(Directory.Exists(Path.Combine(server.DataDir, "repos", "cli-app.git")));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("Bad_Name", "not a valid app name")]
    [InlineData("dup", "already exists")]
    public async Task AppsCreate_Refusals_ExitNonZeroWithAMessage(string name, string message)
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("dup");

        var r = await Gitdeploy(server, TestServer.Token, "apps", "create", name);

        Assert.Equal(1, r.Exit);
        Assert.Contains(message, r.Err);
    }

    [Fact(Timeout = 60_000)]
    public async Task WrongToken_SaysWhereTheTokenComesFrom()
    {
        await using var server = await TestServer.StartAsync();

        var r = await Gitdeploy(server, "nope", "apps", "list");

        Assert.Equal(1, r.Exit);
        Assert.Contains("GITDEPLOY_TOKEN", r.Err);
        Assert.Contains("HTTP 401", r.Err);
    }
}

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

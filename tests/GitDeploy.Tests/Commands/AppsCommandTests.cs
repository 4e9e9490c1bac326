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

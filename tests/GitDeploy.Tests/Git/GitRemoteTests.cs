using System.Net.Http.Headers;
using System.Text;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Git;

/// <summary>An app's repository works as any git client expects of a remote: clone, HEAD, partial clones, v2.</summary>
public class GitRemoteTests
{
    private static async Task<(GitResult Clone, string Dir)> CloneAsync(
        TestServer server,
        string app,
        params string[] options
    )
    {
        var dir = TestEnvironment.TempDir("gd-clone");
        var clone = await new GitClient(dir).RunAsync(["clone", .. options, server.GitUrl(app), "copy"]);
        return (clone, Path.Combine(dir, "copy"));
    }

    [Theory(Timeout = 180_000)]
    [InlineData("main")]
    [InlineData("master")]
    public async Task CloneRightAfterAFirstPush_ChecksOutTheFiles(string branch)
    {
        await using var server = await TestServer.StartAsync();
        var app = "first" + branch;
        var repo = await AppRepo.CreateAsync(server, app, SampleApps.Plain);
        if (branch != "main")
            (await repo.Git.RunAsync("branch", "-m", "main", branch)).ShouldSucceed();
        (await repo.PushAsync(branch)).ShouldSucceed();

        var (clone, dir) = await CloneAsync(server, app);

        clone.ShouldSucceed();
        Assert.DoesNotContain("remote HEAD refers to nonexistent ref", clone.Output);
        Assert.True(File.Exists(Path.Combine(dir, "wsgi.py")), clone.Output);
        var symref = await repo.Git.RunAsync("ls-remote", "--symref", server.GitUrl(app), "HEAD");
        Assert.Contains($"ref: refs/heads/{branch}\tHEAD", symref.ShouldSucceed().Output);
    }

    [Fact(Timeout = 60_000)]
    public async Task NewApp_HasHeadOnMain()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("fresh");

        var head = await File.ReadAllTextAsync(Path.Combine(server.DataDir, "repos", "fresh.git", "HEAD"));

        Assert.Equal("ref: refs/heads/main\n", head);
    }

    [Fact(Timeout = 180_000)]
    public async Task PartialCloneOverProtocolV0_EndsWithACleanWorkingTree()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "partial", SampleApps.Plain);
        (await repo.PushAsync()).ShouldSucceed();

        var (clone, dir) = await CloneAsync(server, "partial", "-c", "protocol.version=0", "--filter=blob:none");

        clone.ShouldSucceed();
        var status = await new GitClient(dir).RunAsync("-c", "protocol.version=0", "status", "--porcelain");
        Assert.Equal("", status.ShouldSucceed().Output.Trim());
        Assert.True(File.Exists(Path.Combine(dir, "wsgi.py")));
    }

    [Fact(Timeout = 60_000)]
    public async Task ProtocolV2Advertisement_StartsWithVersion2()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("vtwo");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/vtwo.git/info/refs?service=git-upload-pack");
        request.Headers.Add("Git-Protocol", "version=2");
        using var r = await server.Http.SendAsync(request);
        var body = await r.Content.ReadAsStringAsync();

        Assert.StartsWith("000eversion 2\n", body);
        Assert.DoesNotContain("# service=", body);
    }
}

using System.Diagnostics;
using CliWrap;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>What the pusher sees and what the repository keeps: streaming, branches, auth.</summary>
public class PushBehaviourTests
{
    [Fact(Timeout = 180_000)]
    public async Task BuildOutput_ReachesThePusherLive_NotAtTheEnd()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "live",
            dir =>
            {
                SampleApps.Plain(dir);
                File.WriteAllText(Path.Combine(dir, "leanengine.yaml"), "build:\n  - sleep 3\n");
            }
        );

        var seen = new List<(TimeSpan At, string Line)>();
        var clock = Stopwatch.StartNew();
        void Line(string l)
        {
            lock (seen)
                seen.Add((clock.Elapsed, l));
        }
        await Cli.Wrap("git")
            .WithArguments(["push", "engine", "main"])
            .WithWorkingDirectory(repo.Dir)
            .WithEnvironmentVariables(e => e.Set("GIT_TERMINAL_PROMPT", "0"))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(Line))
            .WithStandardOutputPipe(PipeTarget.ToDelegate(Line))
            .ExecuteAsync();

        var detect = seen.First(s => s.Line.Contains("-----> Detecting app")).At;
        var finished = seen.First(s => s.Line.Contains("is live on production")).At;
        Assert.True(
            finished - detect >= TimeSpan.FromSeconds(2.5),
            $"'Detecting app' arrived at {detect}, the end at {finished}: output was not streamed"
        );
    }

    [Fact(Timeout = 240_000)]
    public async Task MultiRefPush_DeploysEachDeployBranchAndStoresTheRest()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "multi", SampleApps.Plain);
        (await repo.Git.RunAsync("branch", "stage")).ShouldSucceed();
        (await repo.Git.RunAsync("branch", "feature-x")).ShouldSucceed();
        (await repo.Git.RunAsync("tag", "v1.0")).ShouldSucceed();

        var push = (await repo.PushAsync("main", "stage", "feature-x", "v1.0")).ShouldSucceed();

        Assert.Contains("Branch feature-x stored; it deploys nowhere", push.Output);
        Assert.Contains("is live on production", push.Output);
        Assert.Contains("is live on stage", push.Output);
        Assert.Equal("production", await server.GetAppTextAsync("multi.localhost", "/env/LEANCLOUD_APP_ENV"));
        Assert.Equal("stage", await server.GetAppTextAsync("stg-multi.localhost", "/env/LEANCLOUD_APP_ENV"));
        var refs = (await repo.Git.RunAsync("ls-remote", "engine")).ShouldSucceed().Output;
        Assert.Contains("refs/heads/feature-x", refs);
        Assert.Contains("refs/tags/v1.0", refs);
    }

    [Fact(Timeout = 120_000)]
    public async Task DeletingTheDeployBranch_IsRefused_OtherBranchesMayGo()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "nodelete", SampleApps.Plain);
        (await repo.Git.RunAsync("branch", "feature")).ShouldSucceed();
        (await repo.Git.RunAsync("branch", "stage")).ShouldSucceed();
        (await repo.PushAsync("main", "feature", "stage")).ShouldSucceed();

        var delMain = await repo.PushAsync("--delete", "main");
        var delStage = await repo.PushAsync("--delete", "stage");
        var delFeature = await repo.PushAsync("--delete", "feature");

        Assert.NotEqual(0, delMain.ExitCode); // git itself refuses: main is the repository's HEAD
        Assert.NotEqual(0, delStage.ExitCode);
        Assert.Contains("refusing to delete stage: it is a deploy branch", delStage.Output);
        delFeature.ShouldSucceed();
        var refs = (await repo.Git.RunAsync("ls-remote", "--heads", "engine")).ShouldSucceed().Output;
        Assert.Contains("refs/heads/main", refs);
        Assert.Contains("refs/heads/stage", refs);
        Assert.DoesNotContain("refs/heads/feature", refs);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task Push_WithoutOrWithWrongToken_IsRefusedWithAuthenticationFailed(string? token)
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "guarded", SampleApps.Plain);
        (await repo.Git.RunAsync("remote", "set-url", "engine", server.GitUrl("guarded", token))).ShouldSucceed();

        var push = await repo.PushAsync();

        Assert.NotEqual(0, push.ExitCode);
        Assert.Matches("Authentication failed|could not read Username", push.Output);
        using var probe = new HttpClient();
        var r = await probe.GetAsync($"http://127.0.0.1:{server.Port}/guarded.git/info/refs?service=git-receive-pack");
        Assert.Equal(401, (int)r.StatusCode);
        Assert.Equal("Basic realm=\"gitdeploy\"", r.Headers.WwwAuthenticate.ToString());
    }
}

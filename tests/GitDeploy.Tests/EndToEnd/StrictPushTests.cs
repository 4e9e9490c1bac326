using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>
/// <c>git push -o strict=true</c> (or the app's strict-push setting): the release is built and started
/// before the branch moves, so a broken push is refused and leaves the branch where it was.
/// </summary>
public class StrictPushTests
{
    private const string Crashes = "import sys\nsys.exit('this release cannot start')\n";

    [Fact(Timeout = 240_000)]
    public async Task BrokenStrictPush_ExitsNonZero_AndLeavesTheBranchAndTheLiveReleaseAlone()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "strict", SampleApps.Plain);
        (await repo.PushAsync()).ShouldSucceed();
        var good = await HeadAsync(repo);
        var liveBefore = await server.GetAppTextAsync("strict.localhost");

        await repo.ChangeAsync("wsgi.py", Crashes, "broken");
        var push = await repo.PushAsync("-o", "strict=true", "main");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("this release cannot start", push.Output);
        Assert.Contains("Strict push refused: branch main was not moved", push.Output);
        Assert.Contains("[remote rejected] main -> main (pre-receive hook declined)", push.Output);
        Assert.Equal(good, await RemoteBranchAsync(repo, "main"));
        Assert.Equal(liveBefore, await server.GetAppTextAsync("strict.localhost"));
    }

    [Fact(Timeout = 240_000)]
    public async Task GoodStrictPush_ExitsZero_WithTheReleaseLive_AndTagsItOnceTheBranchMoved()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "strictok", SampleApps.Plain);

        var push = (await repo.PushAsync("-o", "strict=true", "main")).ShouldSucceed();

        var commit = await HeadAsync(repo);
        Assert.Equal(commit, await RemoteBranchAsync(repo, "main"));
        Assert.Contains("Strict push: building and starting before the branch moves", push.Output);
        var tag = ReleaseTag(push.Output);
        Assert.Contains($"Branch main moved to {commit[..7]}: {tag} is live on production", push.Output);
        Assert.DoesNotContain("unknown push option", push.Output);
        Assert.Equal(
            $"plain {tag} on",
            (await server.GetAppTextAsync("strictok.localhost"))[..($"plain {tag} on".Length)]
        );
        var tags = (await repo.Git.RunAsync("ls-remote", "--tags", "engine")).ShouldSucceed().Output;
        Assert.Contains($"{commit}\trefs/tags/{tag}^{{}}", tags);
        var deploys = await server.Http.GetStringAsync("/api/apps/strictok/deploys");
        Assert.Single(System.Text.Json.JsonDocument.Parse(deploys).RootElement.EnumerateArray()); // not deployed twice
    }

    [Fact(Timeout = 300_000)]
    public async Task AppSetting_MakesEveryPushStrict_AndStrictFalseOptsOut()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "strictapp", SampleApps.Plain);
        var set = await GitdeployCli.RunAsync(server, "apps", "set", "strictapp", "--strict-push", "on");
        Assert.True(set.Exit == 0, set.Err);
        Assert.Contains("strict push: on", set.Out);
        await repo.ChangeAsync("wsgi.py", Crashes, "broken from the start");

        var refused = await repo.PushAsync();
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Null(await RemoteBranchAsync(repo, "main")); // a first push that fails leaves no branch at all

        var optedOut = await repo.PushAsync("-o", "strict=false", "main"); // today's behaviour: stored, then failed
        Assert.Contains("Deploy failed", optedOut.Output);
        Assert.Equal(await HeadAsync(repo), await RemoteBranchAsync(repo, "main"));
    }

    private static async Task<string> HeadAsync(AppRepo repo) =>
        (await repo.Git.RunAsync("rev-parse", "HEAD")).ShouldSucceed().Output.Trim();

    private static async Task<string?> RemoteBranchAsync(AppRepo repo, string branch)
    {
        var line = (await repo.Git.RunAsync("ls-remote", "--heads", "engine", branch)).ShouldSucceed().Output.Trim();
        return line.Length == 0 ? null : line.Split('\t')[0];
    }

    private static string ReleaseTag(string output)
    {
        var m = System.Text.RegularExpressions.Regex.Match(output, @"Release (\S+) stored \(its git tag");
        Assert.True(m.Success, output);
        return m.Groups[1].Value;
    }
}

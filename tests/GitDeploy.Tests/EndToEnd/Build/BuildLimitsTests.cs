using System.Text.RegularExpressions;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd.Build;

/// <summary>Build limits: the step timeout kills a whole process group, output lines are cut, builds run in parallel up to a limit.</summary>
public class BuildLimitsTests
{
    [Fact(Timeout = 180_000)]
    public async Task BuildStepPastTheTimeout_IsKilledWithItsBackgroundProcesses_AndTheLiveReleaseKeepsServing()
    {
        await using var server = await TestServer.StartAsync(o => o with { BuildStepTimeout = TimeSpan.FromSeconds(10) });
        var repo = await AppRepo.CreateAsync(server, "slowbuild", SampleApps.Plain);
        (await repo.PushAsync()).ShouldSucceed();
        var live = await server.GetAppTextAsync("slowbuild.localhost");

        // The subshell exits at once: its sleep is no longer the step's descendant, only in its process group.
        await repo.ChangeAsync("leanengine.yaml", "build:\n  - (sleep 300 & echo \"background=$!\"); echo \"step=$$\"; sleep 300\n");
        var push = await repo.PushAsync();

        Assert.Contains("timed out: still running after the build timeout (10 s); killed with every process it started", push.Output);
        Assert.Contains("Running build steps failed (timed out)", push.Output);
        Assert.Contains("The running release was not changed", push.Output);
        var step = int.Parse(Regex.Match(push.Output, @"step=(\d+)").Groups[1].Value);
        var background = int.Parse(Regex.Match(push.Output, @"background=(\d+)").Groups[1].Value);
        await Poll.UntilAsync(() => !Processes.Alive(step) && !Processes.Alive(background), TimeSpan.FromSeconds(10), "the step and its background sleep to be gone");
        Assert.Equal(live, await server.GetAppTextAsync("slowbuild.localhost"));
    }

    [Fact(Timeout = 120_000)]
    public async Task BuildStepThatLeavesBackgroundProcesses_EndsWhenItExits_AndTakesThemAlong()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "daemons", dir =>
        {
            SampleApps.Plain(dir);
            File.WriteAllText(Path.Combine(dir, "leanengine.yaml"), """
                build:
                  - (sleep 300 & echo "holding=$!"); echo first step done
                  - (sleep 300 >/dev/null 2>&1 & echo "quiet=$!"); echo second step done
                """);
        });

        var push = (await repo.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed();

        Assert.Contains("is live on production", push.Output);
        var holding = int.Parse(Regex.Match(push.Output, @"holding=(\d+)").Groups[1].Value);
        var quiet = int.Parse(Regex.Match(push.Output, @"quiet=(\d+)").Groups[1].Value);
        await Poll.UntilAsync(() => !Processes.Alive(holding) && !Processes.Alive(quiet), TimeSpan.FromSeconds(10), "the steps' background sleeps to be gone");
        Assert.StartsWith("plain ", await server.GetAppTextAsync("daemons.localhost"));
    }

    [Fact(Timeout = 120_000)]
    public async Task BuildOutputLines_AreCutAt4096Characters()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "longlines", dir =>
        {
            SampleApps.Plain(dir);
            File.WriteAllText(Path.Combine(dir, "leanengine.yaml"), "build:\n  - python -c \"print('x' * 5000); print('short line after')\"\n");
        });

        var push = (await repo.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed();

        Assert.Contains(new string('x', 4096) + " [cut]", push.Output);
        Assert.DoesNotContain(new string('x', 4097), push.Output);
        Assert.Contains("short line after", push.Output);
        Assert.StartsWith("plain ", await server.GetAppTextAsync("longlines.localhost"));
    }

    /// <summary>Each build waits for the other to have started: both succeed only if they really run at the same time.</summary>
    [Fact(Timeout = 180_000)]
    public async Task TwoApps_BuildAtTheSameTime()
    {
        await using var server = await TestServer.StartAsync(o => o with { ParallelBuilds = 2 });
        var meet = TestEnvironment.TempDir("gd-meet");
        var a = await AppRepo.CreateAsync(server, "left", dir => Rendezvous(dir, Path.Combine(meet, "left"), Path.Combine(meet, "right")));
        var b = await AppRepo.CreateAsync(server, "right", dir => Rendezvous(dir, Path.Combine(meet, "right"), Path.Combine(meet, "left")));

        var pushes = await Task.WhenAll(a.PushAsync(), b.PushAsync());

        foreach (var p in pushes) Assert.Contains("met the other build", p.ShouldSucceed().Output);
        Assert.DoesNotContain("Waiting for a build slot", pushes[0].Output + pushes[1].Output);
        Assert.StartsWith("plain ", await server.GetAppTextAsync("left.localhost"));
        Assert.StartsWith("plain ", await server.GetAppTextAsync("right.localhost"));
    }

    [Fact(Timeout = 180_000)]
    public async Task WithOneBuildSlot_AnotherAppsBuildWaitsAndSaysSo()
    {
        await using var server = await TestServer.StartAsync(o => o with { ParallelBuilds = 1 });
        var go = Path.Combine(TestEnvironment.TempDir("gd-go"), "go");
        var first = await AppRepo.CreateAsync(server, "holder", dir =>
        {
            SampleApps.Plain(dir);
            File.WriteAllText(Path.Combine(dir, "leanengine.yaml"), $"build:\n  - for i in $(seq 1200); do test -e {go} && exit 0; sleep 0.1; done; exit 1\n");
        });
        var second = await AppRepo.CreateAsync(server, "waiter", SampleApps.Plain);

        var holding = first.PushAsync();
        await Poll.UntilAsync(() => DeployLogContains(server, "holder", "Running build steps"), TimeSpan.FromSeconds(60), "the first build to hold the slot");
        var waiting = second.PushAsync();
        await Poll.UntilAsync(() => DeployLogContains(server, "waiter", "Waiting for a build slot"), TimeSpan.FromSeconds(30), "the second build to wait");
        Assert.False(DeployLogContains(server, "waiter", "Detecting app"), "the second build started while the only slot was taken");
        File.WriteAllText(go, "");

        (await holding).ShouldSucceed();
        var push = (await waiting).ShouldSucceed();
        Assert.Contains("Waiting for a build slot: 1 build of other apps running (serve --parallel-builds 1); this build starts when one ends", push.Output);
        Assert.StartsWith("plain ", await server.GetAppTextAsync("waiter.localhost"));
    }

    private static void Rendezvous(string dir, string mine, string theirs)
    {
        SampleApps.Plain(dir);
        File.WriteAllText(Path.Combine(dir, "leanengine.yaml"),
            $"build:\n  - touch {mine}; for i in $(seq 1200); do test -e {theirs} && echo met the other build && exit 0; sleep 0.1; done; exit 1\n");
    }

    internal static bool DeployLogContains(TestServer server, string app, string text)
    {
        var dir = Path.Combine(server.DataDir, "logs", "deploys", app);
        return Directory.Exists(dir) && Directory.EnumerateFiles(dir).Any(f => ReadShared(f).Contains(text, StringComparison.Ordinal));
    }

    private static string ReadShared(string path)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(s).ReadToEnd();
    }
}

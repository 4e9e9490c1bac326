using System.Text.RegularExpressions;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd.Build;

/// <summary>Build limits: the step timeout kills a whole process group, output lines are cut, builds run in parallel up
/// to a limit.</summary>
public class BuildLimitsTests
{
    [Fact(Timeout = 180_000)]
    public async Task BuildStepPastTheTimeout_IsKilledWithItsBackgroundProcesses_AndTheLiveReleaseKeepsServing()
    {
        await using var server = await TestServer.StartAsync(o =>
            o with
            {
                BuildStepTimeout = TimeSpan.FromSeconds(10),
            }
        );
        var repo = await AppRepo.CreateAsync(server, "slowbuild", SampleApps.Plain);
        (await repo.PushAsync()).ShouldSucceed();
        var live = await server.GetAppTextAsync("slowbuild.localhost");

        // The subshell exits at once: its sleep is no longer the step's descendant, only in its process group.
        await repo.ChangeAsync(
            "leanengine.yaml",
            "build:\n  - (sleep 302 & echo \"background=$!\"); echo \"step=$$\"; sleep 301\n"
        );
        var pushing = repo.PushAsync();
        await Poll.UntilAsync(
            () =>
                Processes.BuildProcesses(server.DataDir, "sleep", "301").Count == 1
                && Processes.BuildProcesses(server.DataDir, "sleep", "302").Count == 1,
            TimeSpan.FromSeconds(60),
            "the step and its background sleep"
        );
        var push = await pushing;

        Assert.Contains(
            "timed out: still running after the build timeout (10 s); killed with every process it started",
            push.Output
        );
        Assert.Contains("Running build steps failed (timed out)", push.Output);
        Assert.Contains("The running release was not changed", push.Output);
        await Poll.UntilAsync(
            () =>
                Processes.BuildProcesses(server.DataDir, "sleep", "301").Count == 0
                && Processes.BuildProcesses(server.DataDir, "sleep", "302").Count == 0,
            TimeSpan.FromSeconds(10),
            "the step and its background sleep to be gone"
        );
        Assert.Equal(live, await server.GetAppTextAsync("slowbuild.localhost"));
    }

    [Fact(Timeout = 120_000)]
    public async Task BuildStepThatLeavesBackgroundProcesses_EndsWhenItExits_AndTakesThemAlong()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "daemons",
            dir =>
            {
                SampleApps.Plain(dir);
                File.WriteAllText(
                    Path.Combine(dir, "leanengine.yaml"),
                    """
                    build:
                      - (sleep 303 & echo "holding=$!"); echo first step done
                      - (sleep 304 >/dev/null 2>&1 & echo "quiet=$!"); sleep 2; echo second step done
                    """
                );
            }
        );

        var pushing = repo.PushAsync("-o", "printBuildLogs=true", "main");
        // The second step's sleep runs while the step does: the test can see it, so it could see it outlive the step.
        await Poll.UntilAsync(
            () => Processes.BuildProcesses(server.DataDir, "sleep", "304").Count == 1,
            TimeSpan.FromSeconds(60),
            "the second step's background sleep"
        );
        var push = (await pushing).ShouldSucceed();

        Assert.Contains("is live on production", push.Output);
        Assert.Contains("holding=", push.Output);
        await Poll.UntilAsync(
            () =>
                Processes.BuildProcesses(server.DataDir, "sleep", "303").Count == 0
                && Processes.BuildProcesses(server.DataDir, "sleep", "304").Count == 0,
            TimeSpan.FromSeconds(10),
            "the steps' background sleeps to be gone"
        );
        Assert.StartsWith("plain ", await server.GetAppTextAsync("daemons.localhost"));
    }

    [Fact(Timeout = 120_000)]
    public async Task BuildOutputLines_AreCutAt4096Characters()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "longlines",
            dir =>
            {
                SampleApps.Plain(dir);
                File.WriteAllText(
                    Path.Combine(dir, "leanengine.yaml"),
                    "build:\n  - python -c \"print('x' * 5000); print('short line after')\"\n"
                );
            }
        );

        var push = (await repo.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed();

        Assert.Contains(new string('x', 4096) + " [cut]", push.Output);
        Assert.DoesNotContain(new string('x', 4097), push.Output);
        Assert.Contains("short line after", push.Output);
        Assert.StartsWith("plain ", await server.GetAppTextAsync("longlines.localhost"));
    }

    /// <summary>Each build waits for the other to have started: both succeed only if they really run at the same
    /// time.</summary>
    [Fact(Timeout = 180_000)]
    public async Task TwoApps_BuildAtTheSameTime()
    {
        await using var server = await TestServer.StartAsync(o => o with { ParallelBuilds = 2 });
        // The builds meet over loopback (their sandboxes share no files, the network is the host's): the test
        // answers "go" only once both are connected.
        using var meeting = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        meeting.Start();
        var port = ((System.Net.IPEndPoint)meeting.LocalEndpoint).Port;
        var a = await AppRepo.CreateAsync(server, "left", dir => Rendezvous(dir, port));
        var b = await AppRepo.CreateAsync(server, "right", dir => Rendezvous(dir, port));

        var both = Task.WhenAll(a.PushAsync(), b.PushAsync());
        using (var first = await meeting.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(90)))
        using (var second = await meeting.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(60)))
        {
            await first.GetStream().WriteAsync("go\n"u8.ToArray());
            await second.GetStream().WriteAsync("go\n"u8.ToArray());
        }
        var pushes = await both;

        foreach (var p in pushes)
            Assert.Contains("met the other build", p.ShouldSucceed().Output);
        Assert.DoesNotContain("Waiting for a build slot", pushes[0].Output + pushes[1].Output);
        Assert.StartsWith("plain ", await server.GetAppTextAsync("left.localhost"));
        Assert.StartsWith("plain ", await server.GetAppTextAsync("right.localhost"));
    }

    [Fact(Timeout = 180_000)]
    public async Task WithOneBuildSlot_AnotherAppsBuildWaitsAndSaysSo()
    {
        await using var server = await TestServer.StartAsync(o => o with { ParallelBuilds = 1 });
        // "go" is a port that starts listening (the build's sandbox sees no host file, but the host's network).
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var first = await AppRepo.CreateAsync(
            server,
            "holder",
            dir =>
            {
                SampleApps.Plain(dir);
                File.WriteAllText(
                    Path.Combine(dir, "leanengine.yaml"),
                    $"build:\n  - for i in $(seq 1200); do (echo > /dev/tcp/127.0.0.1/{port}) "
                        + "2>/dev/null && exit 0; sleep 0.1; done; exit 1\n"
                );
            }
        );
        var second = await AppRepo.CreateAsync(server, "waiter", SampleApps.Plain);

        var holding = first.PushAsync();
        await Poll.UntilAsync(
            () => DeployLogContains(server, "holder", "Running build steps"),
            TimeSpan.FromSeconds(60),
            "the first build to hold the slot"
        );
        var waiting = second.PushAsync();
        await Poll.UntilAsync(
            () => DeployLogContains(server, "waiter", "Waiting for a build slot"),
            TimeSpan.FromSeconds(30),
            "the second build to wait"
        );
        Assert.False(
            DeployLogContains(server, "waiter", "Detecting app"),
            "the second build started while the only slot was taken"
        );
        using var go = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        go.Start();

        (await holding).ShouldSucceed();
        var push = (await waiting).ShouldSucceed();
        Assert.Contains(
            "Waiting for a build slot: 1 build of other apps running "
                + "(serve --parallel-builds 1); this build starts when one ends",
            push.Output
        );
        Assert.StartsWith("plain ", await server.GetAppTextAsync("waiter.localhost"));
    }

    private static void Rendezvous(string dir, int port)
    {
        SampleApps.Plain(dir);
        File.WriteAllText(
            Path.Combine(dir, "leanengine.yaml"),
            $"build:\n  - exec 3<>/dev/tcp/127.0.0.1/{port}; read -t 60 "
                + "go <&3; test \"$go\" = go && echo met the other build\n"
        );
    }

    internal static bool DeployLogContains(TestServer server, string app, string text)
    {
        var dir = Path.Combine(server.DataDir, "logs", "deploys", app);
        return Directory.Exists(dir)
            && Directory.EnumerateFiles(dir).Any(f => ReadShared(f).Contains(text, StringComparison.Ordinal));
    }

    private static string ReadShared(string path)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(s).ReadToEnd();
    }
}

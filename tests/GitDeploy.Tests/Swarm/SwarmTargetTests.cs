using Xunit.Abstractions;
using System.Diagnostics;
using System.Net.Http.Json;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Swarm;

/// <summary>
/// Issue 14 on a real two-node Docker Swarm (<see cref="SwarmCluster"/>): releases as images in a real
/// registry, served through the router from both nodes, redeployed, rolled back, scaled, failed, and a
/// node killed. One cluster at a time (collection Swarm): each takes two dockerds and pulls.
/// </summary>
[Collection("Swarm")]
[Trait("Category", "Swarm")]
public class SwarmTargetTests(ITestOutputHelper output)
{
    [Fact(Timeout = 600_000)]
    public async Task Push_FlaskAppOnTargetSwarm_IsServedThroughTheRouterFromBothNodes()
    {
        await using var cluster = await SwarmCluster.StartAsync();
        await using var server = await TestServer.StartAsync(SwarmApp.Options(cluster));
        await SwarmApp.DeployAsync(server, "hello", scale: 2);

        var seen = new HashSet<string>();
        await Poll.UntilAsync(async () =>
        {
            var body = await server.GetAppTextAsync("hello.localhost");
            Assert.StartsWith("v1 ", body);
            seen.Add(body.Split(" from ")[1]);
            return seen.Count == 2;
        }, TimeSpan.FromSeconds(30), "answers from both nodes");
        Assert.Equal(cluster.Nodes.Select(n => n.Name).Order(), seen.Order());

        var ps = await SwarmApp.PsAsync(server, "hello");
        Assert.Equal(2, ps.Count(i => i.GetProperty("state").GetString() == "healthy"));
        Assert.Equal(cluster.Nodes.Select(n => $"{n.Name} ({n.RouterAddress})").Order(),
            ps.Select(i => i.GetProperty("node").GetString()!).Order());
        Assert.Equal("production", await server.GetAppTextAsync("hello.localhost", "/env/LEANCLOUD_APP_ENV"));
        Assert.Equal("/gitdeploy/home", await server.GetAppTextAsync("hello.localhost", "/env/HOME"));
        Assert.Equal("Asia/Shanghai", await server.GetAppTextAsync("hello.localhost", "/env/TZ"));
        var port = await server.GetAppTextAsync("hello.localhost", "/env/LEANCLOUD_APP_PORT");
        Assert.Contains(ps, i => i.GetProperty("port").GetInt32().ToString() == port);
        Assert.Equal("<unset>", await server.GetAppTextAsync("hello.localhost", "/env/GITDEPLOY_START"));
        var cli = await GitdeployCli.RunAsync(server, "ps", "hello");
        Assert.Contains($"{cluster.Nodes[1].Name} ({cluster.Nodes[1].RouterAddress})", cli.Out);

        // The dashboard's instances table says which node runs each instance too.
        using var dashboard = await DashboardSession.SignInAsync(server);
        var envs = await DashboardSession.FragmentAsync(dashboard, "/dashboard/apps/hello/partials/envs");
        Assert.All(cluster.Nodes, n => Assert.Contains($"data-node=\"{n.Name} ({n.RouterAddress})\"", envs));
    }

    [Fact(Timeout = 600_000)]
    public async Task Redeploy_UnderContinuousRequests_FailsNoRequest()
    {
        await using var cluster = await SwarmCluster.StartAsync();
        await using var server = await TestServer.StartAsync(SwarmApp.Options(cluster));
        var repo = await SwarmApp.DeployAsync(server, "steady", scale: 2);

        var load = new LoadGenerator(server, "steady.localhost").Start();
        await using (load)
        {
            await Poll.UntilAsync(() => load.Ok > 50, TimeSpan.FromSeconds(30), "the load to run");
            await repo.ChangeAsync("wsgi.py", SwarmApp.Wsgi("v2"), "v2");
            (await repo.PushAsync()).ShouldSucceed();
            await Poll.UntilAsync(() => load.Bodies.Keys.Any(b => b.StartsWith("v2 ")), TimeSpan.FromSeconds(30),
                "v2 to serve");
            var before = load.Ok;
            // The old tasks drain and stop under load.
            await Poll.UntilAsync(() => load.Ok > before + 300, TimeSpan.FromSeconds(60), "requests after the switch");
        }
        if (load.Failures.Count > 0)
            Assert.Fail(
                $"{load.Failures.Count} of {load.Ok + load.Failures.Count} requests failed: "
                    + string.Join(" | ", load.Failures.Take(2))
                    + "\nthe app's log:\n"
                    + await server.Http.GetStringAsync("/api/apps/steady/logs?n=80")
            );
        Assert.Contains(load.Bodies.Keys, b => b.StartsWith("v1 "));
        Assert.StartsWith("v2 ", await server.GetAppTextAsync("steady.localhost"));
    }

    [Fact(Timeout = 600_000)]
    public async Task Rollback_DeploysTheOlderImage_WithoutABuild()
    {
        await using var cluster = await SwarmCluster.StartAsync();
        await using var server = await TestServer.StartAsync(SwarmApp.Options(cluster));
        var repo = await SwarmApp.DeployAsync(server, "rolly");
        var first = (await server.GetAppTextAsync("rolly.localhost")).Split(' ')[1];
        await repo.ChangeAsync("wsgi.py", SwarmApp.Wsgi("v2"), "v2");
        (await repo.PushAsync()).ShouldSucceed();
        Assert.StartsWith("v2 ", await server.GetAppTextAsync("rolly.localhost"));
        var builds = Directory.GetFiles(Path.Combine(server.DataDir, "logs", "deploys", "rolly")).Length;

        var clock = Stopwatch.StartNew();
        var back = await SwarmApp.Expect(await server.Http.PostAsJsonAsync("/api/apps/rolly/rollback", new { tag
            = first }));
        var took = clock.Elapsed;

        Assert.StartsWith($"v1 {first} ", await server.GetAppTextAsync("rolly.localhost"));
        var events = string.Join("\n", back.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("is in the registry already (no build)", events);
        Assert.Equal(builds, Directory.GetFiles(Path.Combine(server.DataDir, "logs", "deploys", "rolly")).Length);
        Assert.True(took < TimeSpan.FromSeconds(30), $"the rollback took {took}");
    }

    [Fact(Timeout = 600_000)]
    public async Task Scale_OneToThreeToOne_SpreadsOverTheNodes()
    {
        await using var cluster = await SwarmCluster.StartAsync();
        await using var server = await TestServer.StartAsync(SwarmApp.Options(cluster));
        await SwarmApp.DeployAsync(server, "spread");

        await SwarmApp.Expect(await server.Http.PostAsJsonAsync("/api/apps/spread/scale", new { count = 3 }));
        var ps = await SwarmApp.PsAsync(server, "spread");
        Assert.Equal(3, ps.Count(i => i.GetProperty("state").GetString() == "healthy"));
        Assert.Equal(2, ps.Select(i => i.GetProperty("node").GetString()).Distinct().Count());
        var names = new HashSet<string>();
        await Poll.UntilAsync(async () =>
        {
            names.Add((await server.GetAppTextAsync("spread.localhost")).Split(" from ")[1]);
            return names.Count == 2;
        }, TimeSpan.FromSeconds(30), "answers from both nodes");

        await SwarmApp.Expect(await server.Http.PostAsJsonAsync("/api/apps/spread/scale", new { count = 1 }));
        await Poll.UntilAsync(async () => (await SwarmApp.PsAsync(server, "spread")).Length == 1,
            TimeSpan.FromSeconds(60),
            "two instances to drain and stop");
        Assert.StartsWith("v1 ", await server.GetAppTextAsync("spread.localhost"));
    }

    [Fact(Timeout = 600_000)]
    public async Task BrokenRelease_FailsItsStart_AndTheLiveOneKeepsServing()
    {
        await using var cluster = await SwarmCluster.StartAsync();
        await using var server = await TestServer.StartAsync(SwarmApp.Options(cluster));
        var repo = await SwarmApp.DeployAsync(server, "fragile", scale: 2);
        var live = await server.GetAppTextAsync("fragile.localhost");

        await repo.ChangeAsync("wsgi.py", "raise RuntimeError('broken on purpose')\n", "broken");
        var push = await repo.PushAsync();
        Assert.True(push.Output.Contains("Instance failed to start")
            && push.Output.Contains("RuntimeError: broken on purpose"),
            push.Output);

        Assert.Equal(live.Split(" from ")[0], (await server.GetAppTextAsync("fragile.localhost")).Split(" from ")[0]);
        var ps = await SwarmApp.PsAsync(server, "fragile");
        Assert.Equal(2, ps.Count(i => i.GetProperty("state").GetString() == "healthy"));
        Assert.All(ps, i => Assert.Equal(live.Split(' ')[1], i.GetProperty("tag").GetString()));
    }

    [Fact(Timeout = 600_000)]
    public async Task NodeDies_ServingResumesFromTheOtherNode_AndTheLogSaysSo()
    {
        await using var cluster = await SwarmCluster.StartAsync();
        await using var server = await TestServer.StartAsync(SwarmApp.Options(cluster));
        await SwarmApp.DeployAsync(server, "sturdy", scale: 2);
        var worker = cluster.Nodes[1];

        var outage = await NodeFailure.MeasureAsync(server, "sturdy.localhost", () => cluster.KillNodeAsync(worker));
        output.WriteLine(
            $"node {worker.Name} killed: serving again after {outage.ServingAgainAfter.TotalSeconds:0.0} s, "
                + $"{outage.Failed} requests failed"
        );
        Assert.True(outage.ServingAgainAfter < TimeSpan.FromSeconds(30),
            $"serving resumed {outage.ServingAgainAfter.TotalSeconds:0.0} s after the node died " +
            $"({outage.Failed} requests failed)");
        var logs = await Poll.UntilAsync(async () =>
        {
            var l = await server.Http.GetStringAsync("/api/apps/sturdy/logs?n=200");
            return l.Contains($"started") && l.Contains($"node {worker.Name}") && Restarted(l, cluster) ? l : null;
        }, TimeSpan.FromSeconds(120), "the log to say the node went down and its instance runs on the other node");
        Assert.Contains(worker.Name, logs);
        Assert.All((await SwarmApp.PsAsync(server, "sturdy")).Where(i
            => i.GetProperty("state").GetString() == "healthy"),
            i => Assert.StartsWith(cluster.Manager.Name, i.GetProperty("node").GetString()));
    }

    private static bool Restarted(string logs, SwarmCluster cluster) =>
        logs.Split('\n').SkipWhile(l => !l.Contains($"{cluster.Nodes[1].Name} (") || !(l.Contains("is down")
            || l.Contains("cannot be reached")))
            .Any(l => l.Contains($"on node {cluster.Manager.Name}") && l.Contains("started"));

    [Fact(Timeout = 600_000)]
    public async Task LogsOfAnInstanceOnTheSecondNode_ReachLogsFollow()
    {
        await using var cluster = await SwarmCluster.StartAsync();
        await using var server = await TestServer.StartAsync(SwarmApp.Options(cluster));
        await SwarmApp.DeployAsync(server, "talky", scale: 2);
        var second = (await SwarmApp.PsAsync(server, "talky")).Single(i
            => i.GetProperty("node").GetString()!.StartsWith(cluster.Nodes[1].Name));
        var name = second.GetProperty("name").GetString();

        using var follow = await server.Http.GetAsync("/api/apps/talky/logs?follow=true&n=0",
            HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await follow.Content.ReadAsStreamAsync());
        var marker = "hello-" + Guid.NewGuid().ToString("N")[..8];
        var tries = 0;
        var word = await Poll.UntilAsync(async () =>
        {
            var w = $"{marker}-{++tries}";
            return await server.GetAppTextAsync("talky.localhost", "/say/" + w) == cluster.Nodes[1].Name ? w : null;
        }, TimeSpan.FromSeconds(30), "a request to reach the second node");
        string? line;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        do line = await reader.ReadLineAsync(cts.Token); while (line is not null && !line.EndsWith(" said " + word));
        Assert.NotNull(line);
        Assert.StartsWith(name + " ", line);
    }
}

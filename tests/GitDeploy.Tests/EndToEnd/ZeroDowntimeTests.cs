using System.Net.Http.Json;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>Requests keep succeeding while releases and instances change under them.</summary>
public class ZeroDowntimeTests
{
    [Fact(Timeout = 300_000)]
    public async Task RedeployRestartAndScale_UnderContinuousRequests_FailNoRequest()
    {
        await using var server = await TestServer.StartAsync(o => o with { DrainPeriod = TimeSpan.FromSeconds(1) });
        var repo = await AppRepo.CreateAsync(server, "steady", SampleApps.Plain);
        (await repo.PushAsync()).ShouldSucceed();

        var load = new LoadGenerator(server, "steady.localhost").Start();
        await using (load)
        {
            await Poll.UntilAsync(() => load.Ok > 50, TimeSpan.FromSeconds(30), "the load to run");
            await repo.ChangeAsync("wsgi.py", SampleApps.PlainWsgi.Replace("plain %s", "second %s"), "v2");
            (await repo.PushAsync()).ShouldSucceed();
            await Expect(await server.Http.PostAsync("/api/apps/steady/restart", null));
            await Expect(await server.Http.PostAsJsonAsync("/api/apps/steady/scale", new { count = 3 }));
            var ps = await KeepAliveTests.PsAsync(server, "steady");
            Assert.Equal(3, ps.EnumerateArray().Count(i => i.GetProperty("state").GetString() == "healthy"));
            var before = load.Ok;
            await Poll.UntilAsync(
                () => load.Ok > before + 200,
                TimeSpan.FromSeconds(30),
                "requests spread over three instances"
            );
            await Expect(await server.Http.PostAsJsonAsync("/api/apps/steady/scale", new { count = 1 }));
            before = load.Ok;
            await Poll.UntilAsync(
                () => load.Ok > before + 100,
                TimeSpan.FromSeconds(30),
                "more requests after scaling down"
            );
        }

        Assert.True(load.Ok >= 500, $"only {load.Ok} requests were made");
        Assert.True(
            load.Failures.Count == 0,
            $"{load.Failures.Count} of {load.Ok + load.Failures.Count} requests failed: "
                + string.Join(" | ", load.Failures.Take(5))
        );
        Assert.Contains(load.Bodies.Keys, b => b.StartsWith("plain "));
        Assert.Contains(load.Bodies.Keys, b => b.StartsWith("second "));
        Assert.StartsWith("second ", await server.GetAppTextAsync("steady.localhost"));
        Assert.Single(
            (await KeepAliveTests.PsAsync(server, "steady")).EnumerateArray(),
            i => i.GetProperty("state").GetString() == "healthy"
        );
    }

    private static async Task Expect(HttpResponseMessage r)
    {
        Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
    }
}

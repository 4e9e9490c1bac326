using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>Once live, an app keeps serving through exits, hangs and crash loops.</summary>
public class KeepAliveTests
{
    internal static async Task<JsonElement> PsAsync(TestServer server, string app) =>
        await server.Http.GetFromJsonAsync<JsonElement>($"/api/apps/{app}/ps");

    internal static async Task<string> LogsAsync(TestServer server, string app, string query = "n=1000") =>
        await server.Http.GetStringAsync($"/api/apps/{app}/logs?{query}");

    private static async Task<int?> TryPid(TestServer server, string host)
    {
        try
        {
            using var r = await server.GetAppAsync(host);
            return r.IsSuccessStatusCode ? ControlApp.Pid(await r.Content.ReadAsStringAsync()) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task Fire(TestServer server, string host, string path)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, path));
        request.Headers.Host = $"{host}:{server.Port}";
        try
        {
            using var _ = await server.Http.SendAsync(request, cts.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException) { }
    }

    [Fact(Timeout = 120_000)]
    public async Task AppThatExits_IsRestartedAtOnce()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "exits", d => ControlApp.Write(d));
        (await repo.PushAsync()).ShouldSucceed();
        var before = await TryPid(server, "exits.localhost");

        await Fire(server, "exits.localhost", "/exit?code=3");
        var after = await Poll.UntilAsync(
            async () => await TryPid(server, "exits.localhost") is { } p && p != before ? p : (int?)null,
            TimeSpan.FromSeconds(10),
            "the app to serve again"
        );

        // No back-off for a first crash (the back-off itself is unit-tested on a fake clock: BackoffTests).
        Assert.Contains("restarting web1 at once (restart #1)", await LogsAsync(server, "exits"));
        var ps = (await PsAsync(server, "exits"))[0];
        Assert.Equal("healthy", ps.GetProperty("state").GetString());
        Assert.Equal(1, ps.GetProperty("restarts").GetInt32());
        Assert.Equal("code 3", ps.GetProperty("lastExit").GetString());
        Assert.Equal(after, (int?)ps.GetProperty("pid").GetInt32());
        Assert.Contains("web1 exited (code 3)", await LogsAsync(server, "exits"));
    }

    [Fact(Timeout = 120_000)]
    public async Task AppThatHangs_IsReplacedAfterTheConfiguredFailedChecks()
    {
        await using var server = await TestServer.StartAsync(o =>
            o with
            {
                HealthInterval = TimeSpan.FromMilliseconds(300),
                HealthTimeout = TimeSpan.FromMilliseconds(500),
                HealthFailures = 2,
            }
        );
        var repo = await AppRepo.CreateAsync(server, "hangs", d => ControlApp.Write(d));
        (await repo.PushAsync()).ShouldSucceed();
        var before = (await TryPid(server, "hangs.localhost"))!.Value;

        _ = Fire(server, "hangs.localhost", "/hang");
        var after = await Poll.UntilAsync(
            async () => await TryPid(server, "hangs.localhost") is { } p && p != before ? p : (int?)null,
            TimeSpan.FromSeconds(20),
            "a replacement to serve"
        );

        var logs = await LogsAsync(server, "hangs");
        Assert.Contains("Health check failed: web1 (1/2)", logs);
        Assert.Contains("Health check failed: web1 (2/2)", logs);
        Assert.Contains("starting a replacement", logs);
        await Poll.UntilAsync(
            () => !Processes.Alive(before),
            TimeSpan.FromSeconds(10),
            "the hung instance to be stopped"
        );
        Assert.True(Processes.Alive(after!.Value));
    }

    [Fact(Timeout = 120_000)]
    public async Task CrashLoop_FirstCrashRestartsAtOnce_ThenBacksOffDoubling_AndRecoversWhenFixed()
    {
        var markerDir = TestEnvironment.TempDir("gd-marker");
        var marker = Path.Combine(markerDir, "crash");
        await using var server = await TestServer.StartAsync(o =>
            o with
            {
                BackoffInitial = TimeSpan.FromMilliseconds(200),
                // The app sees no host path but what the server lets it read (serve --sandbox-read).
                Sandbox = new GitDeploy.Isolation.SandboxOptions
                {
                    RuntimePaths = [.. GitDeploy.Isolation.SandboxOptions.DefaultRuntimePaths(), markerDir],
                },
            }
        );
        var repo = await AppRepo.CreateAsync(server, "loops", d => ControlApp.Write(d, crashMarker: marker));
        (await repo.PushAsync()).ShouldSucceed();

        File.WriteAllText(marker, "crash now");
        await Fire(server, "loops.localhost", "/exit?code=3");
        await Poll.UntilAsync(
            async () => (await LogsAsync(server, "loops")).Contains("restarting web1 in 1.6 s"),
            TimeSpan.FromSeconds(30),
            "the fourth back-off"
        );

        var logs = await LogsAsync(server, "loops");
        var delays = System
            .Text.RegularExpressions.Regex.Matches(logs, @"restarting web1 in ([\d.]+) s")
            .Select(m => m.Groups[1].Value)
            .ToList();
        // first crash: at once; second: 0.2 s; the third backs off 0.4 s ...
        Assert.Contains("restarting web1 at once (restart #1)", logs);
        Assert.Contains("restarting web1 in 0.2 s (restart #2)", logs);
        Assert.Equal(["0.2", "0.4", "0.8", "1.6"], delays.Take(4));
        Assert.Contains("crash marker present: exiting", logs);
        var ps = (await PsAsync(server, "loops"))[0];
        Assert.Contains(ps.GetProperty("state").GetString(), new[] { "backing-off", "starting", "crashed" });
        Assert.True(ps.GetProperty("restarts").GetInt32() >= 3);
        Assert.Equal(503, (int)(await server.GetAppAsync("loops.localhost")).StatusCode);

        File.Delete(marker);
        await Poll.UntilAsync(
            async () => await TryPid(server, "loops.localhost"),
            TimeSpan.FromSeconds(20),
            "recovery once the cause is gone"
        );
    }

    [Fact(Timeout = 120_000)]
    public async Task InstanceWritesGoToItsOwnCopy_NeverIntoTheStoredRelease()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "writes", d => ControlApp.Write(d));
        (await repo.PushAsync()).ShouldSucceed();

        Assert.EndsWith("wrote=True", await server.GetAppTextAsync("writes.localhost", "/write"));
        var restart = await server.Http.PostAsync("/api/apps/writes/restart", null);
        Assert.True(restart.IsSuccessStatusCode, await restart.Content.ReadAsStringAsync());

        Assert.EndsWith("wrote=False", await server.GetAppTextAsync("writes.localhost"));
        var releases = Directory.GetFiles(
            Path.Combine(server.DataDir, "releases", "writes"),
            "written-by-the-app.txt",
            SearchOption.AllDirectories
        );
        Assert.Empty(releases);
        var env = await server.GetAppTextAsync("writes.localhost", "/");
        Assert.StartsWith("pid=", env);
    }

    [Fact(Timeout = 120_000)]
    public async Task SigtermIgnoringApp_IsKilledAfterTheGracePeriod()
    {
        await using var server = await TestServer.StartAsync(o =>
            o with
            {
                StopGracePeriod = TimeSpan.FromSeconds(1.5),
                DrainPeriod = TimeSpan.Zero,
            }
        );
        var repo = await AppRepo.CreateAsync(server, "stubborn", d => ControlApp.Write(d, ignoreTerm: true));
        (await repo.PushAsync()).ShouldSucceed();
        var old = (await TryPid(server, "stubborn.localhost"))!.Value;

        var restart = await server.Http.PostAsync("/api/apps/stubborn/restart", null);
        Assert.True(restart.IsSuccessStatusCode, await restart.Content.ReadAsStringAsync());
        var clock = Stopwatch.StartNew();
        await Poll.UntilAsync(() => !Processes.Alive(old), TimeSpan.FromSeconds(15), "the old instance to be killed");

        Assert.True(
            clock.Elapsed > TimeSpan.FromSeconds(1),
            $"gone after {clock.Elapsed}: SIGTERM was not ignored, or no grace period was given"
        );
        Assert.NotEqual(old, await TryPid(server, "stubborn.localhost"));
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>Versions, environments, rollback, promote, deploy by ref, config and retention.</summary>
public class ReleaseManagementTests
{
    internal static async Task<List<string>> DeployVersionsAsync(
        TestServer server,
        AppRepo repo,
        int count,
        string branch = "main"
    )
    {
        var tags = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            await repo.ChangeAsync("VERSION", $"{branch} {Guid.NewGuid():N}", $"v{i}");
            var push = (await repo.PushAsync(branch)).ShouldSucceed();
            var tag = System
                .Text.RegularExpressions.Regex.Match(push.Output, @"Release (\d{8}-\d{6}) stored")
                .Groups[1]
                .Value;
            Assert.True(tag.Length > 0 && push.Output.Contains("is live on"), push.Output);
            tags.Add(tag);
        }
        return tags;
    }

    internal static async Task<JsonElement> Json(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"expected {(int)expected}, got {(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Task<HttpResponseMessage> Rollback(
        TestServer server,
        string app,
        string tag,
        string? env = null,
        bool withConfig = false
    ) =>
        server.Http.PostAsJsonAsync(
            $"/api/apps/{app}/rollback",
            new
            {
                tag,
                env,
                withConfig,
            }
        );

    [Fact(Timeout = 240_000)]
    public async Task Rollback_StartsTheStoredArtifact_WithoutABuild_ThenForwardAgain()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "rolly", SampleApps.Plain);
        var tags = await DeployVersionsAsync(server, repo, 2);
        var envsBefore = Directory.GetDirectories(Path.Combine(server.DataDir, "envs")).Length;
        var deploysBefore = Directory.GetFiles(Path.Combine(server.DataDir, "logs", "deploys", "rolly")).Length;

        var back = await Json(await Rollback(server, "rolly", tags[0]));

        Assert.Equal($"{tags[0]} is live on production", back.GetProperty("message").GetString());
        Assert.StartsWith($"plain {tags[0]} on", await server.GetAppTextAsync("rolly.localhost"));
        Assert.Equal(tags[0], await server.GetAppTextAsync("rolly.localhost", "/env/LEANCLOUD_VERSION_TAG"));
        Assert.Equal(envsBefore, Directory.GetDirectories(Path.Combine(server.DataDir, "envs")).Length);
        Assert.Equal(
            deploysBefore,
            Directory.GetFiles(Path.Combine(server.DataDir, "logs", "deploys", "rolly")).Length
        ); // no build ran: no build log
        Assert.Empty(Directory.GetDirectories(Path.Combine(server.DataDir, "builds")));
        Assert.Equal(2, (await PushToDeployTests.TagsAsync(repo)).Count);

        await Json(await Rollback(server, "rolly", tags[1]));
        Assert.StartsWith($"plain {tags[1]} on", await server.GetAppTextAsync("rolly.localhost"));
        var releases = await server.Http.GetFromJsonAsync<JsonElement>("/api/apps/rolly/releases");
        Assert.Equal(["production"], releases[0].GetProperty("liveOn").EnumerateArray().Select(e => e.GetString()));
        var deploys = await server.Http.GetFromJsonAsync<JsonElement>("/api/apps/rolly/deploys");
        Assert.Equal(
            ["rollback", "rollback", "push", "push"],
            deploys.EnumerateArray().Select(d => d.GetProperty("trigger").GetString())
        );
    }

    [Fact(Timeout = 240_000)]
    public async Task Promote_ServesStagesReleaseOnProduction_AndRestartGivesFreshInstances()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "promo", d => ControlApp.Write(d));
        (await repo.PushAsync("main")).ShouldSucceed();
        await repo.ChangeAsync("VERSION", "staged");
        var staged = (await repo.PushAsync("HEAD:stage")).ShouldSucceed();
        var stageTag = System
            .Text.RegularExpressions.Regex.Match(staged.Output, @"Release (\d{8}-\d{6}) stored")
            .Groups[1]
            .Value;

        var promoted = await Json(await server.Http.PostAsync("/api/apps/promo/promote", null));
        Assert.Equal(stageTag, promoted.GetProperty("tag").GetString());
        Assert.Contains($"tag={stageTag}", await server.GetAppTextAsync("promo.localhost"));

        var pidBefore = ControlApp.Pid(await server.GetAppTextAsync("promo.localhost"));
        await Json(await server.Http.PostAsync("/api/apps/promo/restart", null));
        var after = await server.GetAppTextAsync("promo.localhost");
        Assert.NotEqual(pidBefore, ControlApp.Pid(after));
        Assert.Contains($"tag={stageTag}", after);
    }

    [Fact(Timeout = 240_000)]
    public async Task DeployByRef_BuildsABranchOrTagAlreadyInTheRepository()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "byref", SampleApps.Plain);
        (await repo.Git.RunAsync("tag", "v1.0")).ShouldSucceed();
        (await repo.PushAsync("HEAD:refs/heads/feature", "v1.0")).ShouldSucceed();

        var r = await server.Http.PostAsJsonAsync("/api/apps/byref/deploys", new { @ref = "v1.0", env = "stage" });
        var accepted = await Json(r, HttpStatusCode.Accepted);
        Assert.Equal(r.Headers.Location!.ToString(), accepted.GetProperty("location").GetString());
        var done = await Poll.UntilAsync(
            async () =>
            {
                var d = await server.Http.GetFromJsonAsync<JsonElement>(r.Headers.Location!.ToString());
                return d.GetProperty("status").GetString() is "succeeded" or "failed" ? (JsonElement?)d : null;
            },
            TimeSpan.FromSeconds(90),
            "the deploy to end"
        );
        Assert.Equal("succeeded", done!.Value.GetProperty("status").GetString());
        Assert.Equal("api", done.Value.GetProperty("trigger").GetString());
        Assert.Equal("stage", await server.GetAppTextAsync("stg-byref.localhost", "/env/LEANCLOUD_APP_ENV"));

        var missing = await server.Http.PostAsJsonAsync("/api/apps/byref/deploys", new { @ref = "no-such-branch" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("push it first", await missing.Content.ReadAsStringAsync());
    }

    [Fact(Timeout = 240_000)]
    public async Task Retention_PrunesOldArtifacts_KeepsPinnedAndLive_AndPrunedTagsSayHowToRebuild()
    {
        await using var server = await TestServer.StartAsync(o => o with { KeepReleases = 2 });
        var repo = await AppRepo.CreateAsync(server, "keeper", SampleApps.Plain);
        var tags = await DeployVersionsAsync(server, repo, 1);
        await Json(
            await server.Http.PostAsJsonAsync($"/api/apps/keeper/releases/{tags[0]}/pin", new { pinned = true })
        );
        tags.AddRange(await DeployVersionsAsync(server, repo, 3));
        Assert.Equal(4, tags.Distinct().Count());

        var releases = (await server.Http.GetFromJsonAsync<JsonElement>("/api/apps/keeper/releases"))
            .EnumerateArray()
            .ToDictionary(r => r.GetProperty("tag").GetString()!, r => r.GetProperty("pruned").GetBoolean());
        Assert.Equal([false, true, false, false], tags.Select(t => releases[t]));
        Assert.True(Directory.Exists(Path.Combine(server.DataDir, "releases", "keeper", tags[0])));
        Assert.False(Directory.Exists(Path.Combine(server.DataDir, "releases", "keeper", tags[1])));

        var pruned = await Rollback(server, "keeper", tags[1]);
        Assert.Equal(HttpStatusCode.Gone, pruned.StatusCode);
        var message = await pruned.Content.ReadAsStringAsync();
        Assert.Contains($"gitdeploy deploy keeper --ref {tags[1]}", message);
        Assert.Contains(tags[0], message);

        var unknown = await Rollback(server, "keeper", "19990101-000000");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains(
            $"retained releases: {tags[3]}, {tags[2]}, {tags[0]}",
            await unknown.Content.ReadAsStringAsync()
        );

        await Json(await Rollback(server, "keeper", tags[0])); // pinned: still there
        Assert.StartsWith($"plain {tags[0]}", await server.GetAppTextAsync("keeper.localhost"));
    }

    [Fact(Timeout = 240_000)]
    public async Task Config_SetUnsetRefused_TakesEffectAtRestart_AndRollbackWithConfigRestoresIt()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "conf", SampleApps.Plain);
        await Json(
            await server.Http.PatchAsJsonAsync(
                "/api/apps/conf/config",
                new { set = new Dictionary<string, string> { ["GREETING"] = "one", ["EXTRA"] = "x" } }
            )
        );
        var tags = await DeployVersionsAsync(server, repo, 1);
        Assert.Equal("one", await server.GetAppTextAsync("conf.localhost", "/env/GREETING"));

        await Json(
            await server.Http.PatchAsJsonAsync(
                "/api/apps/conf/config",
                new { set = new Dictionary<string, string> { ["GREETING"] = "two" }, unset = new[] { "EXTRA" } }
            )
        );
        Assert.Equal("one", await server.GetAppTextAsync("conf.localhost", "/env/GREETING")); // not before a restart
        await Json(await server.Http.PatchAsJsonAsync("/api/apps/conf/config", new { restart = true }));
        Assert.Equal("two", await server.GetAppTextAsync("conf.localhost", "/env/GREETING"));
        Assert.Equal("<unset>", await server.GetAppTextAsync("conf.localhost", "/env/EXTRA"));
        tags.AddRange(await DeployVersionsAsync(server, repo, 1));

        foreach (var name in new[] { "LEANCLOUD_APP_ID", "LC_APP_PORT", "PORT", "leancloud_x", "1BAD" })
        {
            var refused = await server.Http.PatchAsJsonAsync(
                "/api/apps/conf/config",
                new { set = new Dictionary<string, string> { [name] = "x" } }
            );
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        Assert.Equal(
            "two",
            (await server.Http.GetFromJsonAsync<JsonElement>("/api/apps/conf/config"))
                .GetProperty("GREETING")
                .GetString()
        );

        await Json(await Rollback(server, "conf", tags[0]));
        Assert.Equal("two", await server.GetAppTextAsync("conf.localhost", "/env/GREETING")); // today's config
        await Json(await Rollback(server, "conf", tags[0], withConfig: true));
        // the config it was built and first ran with
        Assert.Equal("one", await server.GetAppTextAsync("conf.localhost", "/env/GREETING"));
        Assert.Equal("x", await server.GetAppTextAsync("conf.localhost", "/env/EXTRA"));
        Assert.Equal(
            "one",
            (await server.Http.GetFromJsonAsync<JsonElement>("/api/apps/conf/config"))
                .GetProperty("GREETING")
                .GetString()
        );

        var history = await server.Http.GetStringAsync("/api/apps/conf/history");
        Assert.Contains("GREETING", history);
        Assert.DoesNotContain("one", history.Replace("gone", ""));
        var serverLog = string.Concat(
            Directory.GetFiles(Path.Combine(server.DataDir, "logs"), "server-*.log").Select(File.ReadAllText)
        );
        Assert.DoesNotContain("GREETING=", serverLog);
    }

    [Fact(Timeout = 240_000)]
    public async Task Rollback_UnderContinuousRequests_FailsNoRequest()
    {
        await using var server = await TestServer.StartAsync(o => o with { DrainPeriod = TimeSpan.FromSeconds(1) });
        var repo = await AppRepo.CreateAsync(server, "smooth", SampleApps.Plain);
        var tags = await DeployVersionsAsync(server, repo, 2);
        var load = new LoadGenerator(server, "smooth.localhost").Start();
        await using (load)
        {
            await Poll.UntilAsync(() => load.Ok > 100, TimeSpan.FromSeconds(30), "the load to run");
            await Json(await Rollback(server, "smooth", tags[0]));
            var before = load.Ok;
            await Poll.UntilAsync(
                () => load.Ok > before + 400,
                TimeSpan.FromSeconds(30),
                "requests after the rollback"
            );
        }
        Assert.True(load.Ok >= 500);
        Assert.True(load.Failures.Count == 0, string.Join(" | ", load.Failures.Take(5)));
        Assert.Contains(load.Bodies.Keys, b => b.StartsWith($"plain {tags[0]}"));
        Assert.Contains(load.Bodies.Keys, b => b.StartsWith($"plain {tags[1]}"));
    }
}

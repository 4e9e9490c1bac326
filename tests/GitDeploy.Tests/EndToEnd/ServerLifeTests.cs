using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Runtime.Processes;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>The server's own life: killed with -9 and started again, stopped with SIGTERM.</summary>
public class ServerLifeTests
{
    [Fact(Timeout = 240_000)]
    public async Task Kill9ThenRestart_StopsTheOrphans_BringsAppsBack_LosesNothing()
    {
        var data = TestEnvironment.TempDir("gd-life");
        var port = FreePort.Next();
        int orphan;
        string tag;
        using (var first = await ServerProcess.StartAsync(data, port))
        {
            Assert.True((await first.Http.PostAsJsonAsync("/api/apps", new { name = "survivor" })).IsSuccessStatusCode);
            var work = await GitClient.InitAsync(TestEnvironment.TempDir("gd-work"));
            ControlApp.Write(work.WorkDir);
            await work.CommitAllAsync("v1");
            (
                await work.RunAsync("push", $"http://x:{TestServer.Token}@127.0.0.1:{port}/survivor.git", "main")
            ).ShouldSucceed();
            orphan = ControlApp.Pid(await first.GetAppTextAsync("survivor.localhost"));
            await first.GetAppTextAsync("survivor.localhost", "/say?msg=written-before-the-kill");
            tag = (await first.Http.GetFromJsonAsync<JsonElement>("/api/apps/survivor/releases"))[0]
                .GetProperty("tag")
                .GetString()!;

            first.Kill9();
        }
        Assert.True(
            Processes.Alive(orphan),
            "the instance should outlive a server killed with -9 (that is what the next start must clean up)"
        );

        using var second = await ServerProcess.StartAsync(data, port);
        var body = await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    return await second.GetAppTextAsync("survivor.localhost");
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            },
            TimeSpan.FromSeconds(60),
            "the app to come back"
        );
        var pid = ControlApp.Pid(body);

        Assert.NotEqual(orphan, pid);
        Assert.False(Processes.Alive(orphan), "the orphan of the killed server is still running");
        Assert.Contains($"tag={tag}", body);
        var running = Processes.WithHomeUnder(data);
        Assert.Equal([Processes.HomeOf(pid)], running.Select(Processes.HomeOf).Distinct()); // one instance: the new one
        var releases = await second.Http.GetFromJsonAsync<JsonElement>("/api/apps/survivor/releases");
        Assert.Equal(tag, releases[0].GetProperty("tag").GetString());
        Assert.Contains("written-before-the-kill", await second.Http.GetStringAsync("/api/apps/survivor/logs?n=1000"));

        Assert.True(second.Terminate(TimeSpan.FromSeconds(30)), "the server did not stop on SIGTERM");
        Assert.Empty(Processes.WithHomeUnder(data));
        Assert.False(Processes.Alive(pid));
    }
}

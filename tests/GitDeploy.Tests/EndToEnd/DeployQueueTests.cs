using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

public class DeployQueueTests
{
    [Fact(Timeout = 240_000)]
    public async Task SecondPushDuringADeploy_WaitsAndSaysSo_ThenDeploys()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "queued",
            dir =>
            {
                SampleApps.Plain(dir);
                File.WriteAllText(Path.Combine(dir, "leanengine.yaml"), "build: sleep 3\n");
            }
        );
        (await repo.Git.RunAsync("branch", "stage")).ShouldSucceed();

        var first = repo.PushAsync("main");
        await Poll.UntilAsync(
            () =>
                Directory.Exists(Path.Combine(server.DataDir, "builds"))
                && Directory.EnumerateDirectories(Path.Combine(server.DataDir, "builds")).Any(),
            TimeSpan.FromSeconds(60),
            "the first build to start"
        );
        var second = (await repo.PushAsync("stage")).ShouldSucceed();
        (await first).ShouldSucceed();

        Assert.Contains("Waiting: another deploy of queued is running", second.Output);
        Assert.Contains("is live on stage", second.Output);
        Assert.Equal("production", await server.GetAppTextAsync("queued.localhost", "/env/LEANCLOUD_APP_ENV"));
        Assert.Equal("stage", await server.GetAppTextAsync("stg-queued.localhost", "/env/LEANCLOUD_APP_ENV"));
    }
}

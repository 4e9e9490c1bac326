using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Build.LeanEngine;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd.Build;

/// <summary>Sources built to crash the server fail their own deploy; every other app keeps serving.</summary>
public class HostileSourceTests
{
    [Fact(Timeout = 180_000)]
    public async Task YamlNested200000Deep_FailsTheBuildNamingTheDepth_AndTheServerKeepsServingAnotherApp()
    {
        await using var server = await TestServer.StartAsync();
        var other = await AppRepo.CreateAsync(server, "bystander", SampleApps.Plain);
        (await other.PushAsync()).ShouldSucceed();
        var before = await server.GetAppTextAsync("bystander.localhost");

        const int n = 200_000;
        var hostile = await AppRepo.CreateAsync(server, "deepyaml", dir =>
        {
            SampleApps.Plain(dir);
            var nested = new string('[', n) + new string(']', n);
            File.WriteAllText(Path.Combine(dir, "leanengine.yaml"), "run: " + nested + "\n");
        });
        var push = await hostile.PushAsync();

        Assert.Contains($"nests deeper than the limit of {LeanEngineLimits.MaxDepth} levels", push.Output);
        Assert.Contains("under 'run', line 1", push.Output);
        Assert.Contains("The running release was not changed", push.Output);
        var deploy = (await server.Http.GetFromJsonAsync<JsonElement>("/api/apps/deepyaml/deploys"))[0];
        Assert.Equal("failed", deploy.GetProperty("status").GetString());
        Assert.Equal(before, await server.GetAppTextAsync("bystander.localhost"));
        await other.ChangeAsync("note.txt", "second");
        Assert.Contains("is live on production", (await other.PushAsync()).ShouldSucceed().Output);
    }

    [Fact(Timeout = 180_000)]
    public async Task ATreeTheCheckoutCannotWrite_EndsTheDeployAsFailed_AndTheNextPushDeploys()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "longname", SampleApps.Plain);
        // A path component longer than any file system allows: git stores it, tar cannot extract it.
        var blob = (await repo.Git.RunAsync("hash-object", "-w", "wsgi.py")).ShouldSucceed().Output.Trim();
        var entry = $"100644,{blob},{new string('n', 300)}.py";
        (await repo.Git.RunAsync("update-index", "--add", "--cacheinfo", entry)).ShouldSucceed();
        (await repo.Git.RunAsync("commit", "-q", "-m", "unwritable name")).ShouldSucceed();

        var push = await repo.PushAsync();

        var deploy = (await server.Http.GetFromJsonAsync<JsonElement>("/api/apps/longname/deploys"))[0];
        Assert.True(deploy.GetProperty("status").GetString() == "failed", push.Output);
        (await repo.Git.RunAsync("rm", "-q", "--cached", new string('n', 300) + ".py")).ShouldSucceed();
        (await repo.Git.RunAsync("commit", "-q", "-m", "fixed")).ShouldSucceed();
        Assert.Contains("is live on production", (await repo.PushAsync()).ShouldSucceed().Output);
    }
}

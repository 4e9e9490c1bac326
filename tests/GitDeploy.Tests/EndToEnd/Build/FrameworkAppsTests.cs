using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd.Build;

/// <summary>Real framework apps as Cloud Engine users deploy them, unchanged.</summary>
public class FrameworkAppsTests
{
    [Fact(Timeout = 180_000)]
    public async Task Django_WithTheDefaultStart_IsServed()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "djangoapp", dir => FrameworkApps.Django(dir));

        var push = (await repo.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed();

        Assert.Contains("Python 3.11.", push.Output);
        Assert.Contains("Django-3.2.25", push.Output);
        Assert.Matches(
            @"^django 3\.2\.25 on 3\.11 from \d{8}-\d{6}$",
            await server.GetAppTextAsync("djangoapp.localhost")
        );
    }

    [Fact(Timeout = 180_000)]
    public async Task Django_WithRunCommand_IsServedByItsOwnServer()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "djangorun",
            dir => FrameworkApps.Django(dir, run: "python manage.py runserver 127.0.0.1:$LEANCLOUD_APP_PORT --noreload")
        );

        var push = (await repo.PushAsync()).ShouldSucceed();

        Assert.True(push.Output.Contains("is live on production"), push.Output);
        Assert.Matches(
            @"^django 3\.2\.25 on 3\.11 from \d{8}-\d{6}$",
            await server.GetAppTextAsync("djangorun.localhost")
        );
        var logs = string.Join("\n", await LogsAsync(server, "djangorun"));
        Assert.True(logs.Contains("Starting development server at http://127.0.0.1:"), logs);
    }

    [Fact(Timeout = 120_000)]
    public async Task RuntimeTxt_IsHonouredWithADeprecationWarning()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "oldstyle",
            dir =>
            {
                SampleApps.Plain(dir);
                File.WriteAllText(Path.Combine(dir, "runtime.txt"), "python-3.10.13\n");
            }
        );

        var push = (await repo.PushAsync()).ShouldSucceed();

        Assert.Contains(
            "warning: runtime.txt is deprecated (Cloud Engine's pre-2017 "
                + "format); write 3.10.13 in .python-version instead",
            push.Output
        );
        Assert.EndsWith(" on 3.10", await server.GetAppTextAsync("oldstyle.localhost"));
    }

    private static async Task<string[]> LogsAsync(TestServer server, string app) =>
        (await server.Http.GetStringAsync($"/api/apps/{app}/logs?n=200")).Split('\n');
}

using System.Diagnostics;
using GitDeploy.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace GitDeploy.Tests.Dashboard.Browser;

[Collection(DashboardBrowserCollection.Name)]
[Trait("Category", "Browser")]
public class LogsPageTests(DashboardFixture f)
{
    [Fact(Timeout = 240_000)]
    public async Task TheLogsPage_FollowsALineTheAppPrints_WithinTwoSeconds_PausesFiltersAndDownloads()
    {
        var repo = await AppRepo.CreateAsync(f.Server, "talker", d => ControlApp.Write(d));
        (await repo.PushAsync()).ShouldSucceed();
        var page = await f.SignedInAsync();
        await page.GotoAsync(f.Url("/dashboard/apps/talker/logs"));
        await Expect(page.Locator("#log-status")).ToContainTextAsync("live");
        await Expect(page.Locator("#log")).ToContainTextAsync("web1 started");

        var marker = "hello-" + Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        await f.Server.GetAppTextAsync("talker.localhost", "/say?msg=" + marker);
        await Expect(page.Locator("#log .lt", new() { HasText = marker }))
            .ToHaveCountAsync(1, new() { Timeout = 2_000 });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the line showed after {clock.Elapsed}");
        await DashboardFixture.ShotAsync(page, "logs");

        await page.ClickAsync("#log-pause");
        var held = "held-" + Guid.NewGuid().ToString("N")[..8];
        await f.Server.GetAppTextAsync("talker.localhost", "/say?msg=" + held);
        await Expect(page.Locator("#log-status")).ToContainTextAsync("1 new line held");
        await Expect(page.Locator("#log .lt", new() { HasText = held })).ToHaveCountAsync(0);
        await page.ClickAsync("#log-pause");
        await Expect(page.Locator("#log .lt", new() { HasText = held })).ToHaveCountAsync(1);

        await page.FillAsync("#log-text", marker);
        await Expect(page.Locator("#log .ll:not(.hidden)")).ToHaveCountAsync(1);
        await page.FillAsync("#log-text", "");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a[download]"));
        var file = Path.Combine(TestEnvironment.TempDir("gd-download"), download.SuggestedFilename);
        await download.SaveAsAsync(file);
        Assert.StartsWith("talker-logs-", download.SuggestedFilename);
        Assert.Matches($@"(?m)^web1 \d{{4}}-\d\d-\d\dT[\d:.]+Z {held}$", await File.ReadAllTextAsync(file));

        // The filter form narrows the page and its stream alike: platform events only.
        await page.GotoAsync(f.Url("/dashboard/apps/talker/logs?stream=platform"));
        await Expect(page.Locator("#log .lt", new() { HasText = marker })).ToHaveCountAsync(0);
        await Expect(page.Locator("#log .ll.s-platform").First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}

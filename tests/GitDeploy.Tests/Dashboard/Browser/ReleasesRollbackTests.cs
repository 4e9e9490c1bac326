using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Tests.EndToEnd;
using GitDeploy.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace GitDeploy.Tests.Dashboard.Browser;

[Collection(DashboardBrowserCollection.Name)]
[Trait("Category", "Browser")]
public class ReleasesRollbackTests(DashboardFixture f)
{
    [Fact(Timeout = 240_000)]
    public async Task RollingBackFromTheReleasesPage_AfterConfirming_ChangesTheLiveTag()
    {
        var repo = await AppRepo.CreateAsync(f.Server, "rolly", SampleApps.Plain);
        var tags = await ReleaseManagementTests.DeployVersionsAsync(f.Server, repo, 2);
        var page = await f.SignedInAsync();
        await page.GotoAsync(f.Url("/dashboard/apps/rolly/releases"));
        await Expect(page.Locator("[data-live=production]")).ToHaveTextAsync(tags[1]);

        var older = page.Locator($"li.release[data-tag='{tags[0]}']");
        await older.Locator("summary", new() { HasText = "Roll back production to here" }).ClickAsync();
        await Expect(older.Locator(".confirm-box"))
            .ToContainTextAsync($"Start {tags[0]} on production instead of {tags[1]}?");
        await DashboardFixture.ShotAsync(page, "releases-confirm");
        await older.Locator(".confirm-box button[type=submit]").ClickAsync();

        await Expect(page.Locator(".flash.ok"))
            .ToContainTextAsync($"Rolled back: {tags[0]} is live on production", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-live=production]")).ToHaveTextAsync(tags[0]);
        await Expect(older.Locator("[data-live-on=production]")).ToHaveCountAsync(1);
        Assert.StartsWith($"plain {tags[0]} on", await f.Server.GetAppTextAsync("rolly.localhost"));
        await DashboardFixture.ShotAsync(page, "releases");

        await page.GotoAsync(f.Url("/dashboard/apps/rolly"));
        await Expect(page.Locator("[data-live-tag=production]")).ToHaveTextAsync(tags[0]);
        var deploys = await f.Server.Http.GetFromJsonAsync<JsonElement>("/api/apps/rolly/deploys");
        Assert.Equal("rollback", deploys[0].GetProperty("trigger").GetString());
        Assert.Equal("admin", deploys[0].GetProperty("actor").GetString());
        var history = await f.Server.Http.GetFromJsonAsync<JsonElement>("/api/apps/rolly/history");
        Assert.Equal("rollback", history[0].GetProperty("action").GetString());

        await page.GotoAsync(f.Url($"/dashboard/apps/rolly/releases/{tags[0]}/log"));
        await Expect(page.Locator(".buildlog .bl.head").First).ToContainTextAsync("Start building");
        await DashboardFixture.ShotAsync(page, "build-log");
        await page.Context.CloseAsync();
    }
}

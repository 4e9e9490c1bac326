using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace GitDeploy.Tests.Dashboard.Browser;

[Collection(DashboardBrowserCollection.Name)]
[Trait("Category", "Browser")]
public class MetricsPageTests(DashboardFixture f)
{
    [Fact(Timeout = 240_000)]
    public async Task TheMetricsChart_ShowsTheRequestsMadeInThisTest_AndADeployMarker()
    {
        var repo = await AppRepo.CreateAsync(f.Server, "counted", SampleApps.Plain);
        (await repo.PushAsync()).ShouldSucceed();
        var tag = (await f.Server.Http.GetFromJsonAsync<JsonElement>("/api/apps/counted"))
            .GetProperty("production")
            .GetString()!;
        const int requests = 40;
        for (var i = 0; i < requests; i++)
            await f.Server.GetAppTextAsync("counted.localhost", $"/n/{i}");

        var page = await f.SignedInAsync();
        await page.GotoAsync(f.Url("/dashboard/apps/counted/metrics"));
        var production = page.Locator("section.metrics[data-env=production]");
        Assert.True(long.Parse(await production.Locator("[data-stat=requests]").InnerTextAsync()) >= requests);
        await page.WaitForFunctionAsync("window.gdCharts && window.gdCharts.length > 0");
        var charted = await page.EvaluateAsync<double>(
            "(() => { const c = window.gdCharts.find(c => c.env === 'production'); return c.data.requests; })()"
        );
        Assert.True(charted >= requests, $"the chart holds {charted} requests, fewer than the {requests} made");
        var perSecond = await page.EvaluateAsync<double>(
            "(() => { const c = window.gdCharts.find(c => c.env === 'production'); "
                + "return Math.max(...c.req.data[1]); })()"
        );
        Assert.True(perSecond > 0, "the requests-a-second line stays at zero");
        await Expect(production.Locator($".chart .deploy-marker[data-tag='{tag}'] span").First).ToHaveTextAsync(tag);
        await Expect(page.Locator("section.metrics[data-env=stage] .empty h3"))
            .ToHaveTextAsync("No requests in this range");
        await DashboardFixture.ShotAsync(page, "metrics");

        // What each release served, on the releases page too.
        await page.GotoAsync(f.Url("/dashboard/apps/counted/releases"));
        await Expect(page.Locator($"li.release[data-tag='{tag}'] .traffic")).ToContainTextAsync("production:");
        await page.Context.CloseAsync();
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace GitDeploy.Tests.Dashboard.Browser;

[Collection(DashboardBrowserCollection.Name)]
[Trait("Category", "Browser")]
public class DeployStreamTests(DashboardFixture f)
{
    [Fact(Timeout = 240_000)]
    public async Task APush_StreamsItsBuildLogIntoAnOpenDeployPage_AsItRuns()
    {
        // A build step that takes a while, so the page is open while the deploy runs.
        var repo = await AppRepo.CreateAsync(
            f.Server,
            "streamy",
            d =>
            {
                ControlApp.Write(d);
                SampleApps.Write(
                    d,
                    new Dictionary<string, string>
                    {
                        ["leanengine.yaml"] = "run: exec python control.py\nbuild: sleep 6",
                    }
                );
            }
        );
        var page = await f.SignedInAsync();
        await page.GotoAsync(f.Url("/dashboard/apps/streamy/deploys"));
        await Expect(page.Locator(".empty h3")).ToHaveTextAsync("No deploys yet");
        await DashboardFixture.ShotAsync(page, "deploys-empty");

        var push = repo.PushAsync();
        // The list refreshes itself: the new deploy appears without a reload.
        var row = page.Locator("#deploys tbody tr[data-deploy] a").First;
        try
        {
            await row.WaitForAsync(new() { Timeout = 30_000 });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"no deploy row appeared; the push said:\n{(await push).Output}", e);
        }
        var id = (await row.InnerTextAsync()).TrimStart('#');
        await row.ClickAsync();
        await page.WaitForURLAsync(u => u.EndsWith($"/dashboard/apps/streamy/deploys/{id}", StringComparison.Ordinal));
        await page.EvaluateAsync("window.__sameDocument = 42");

        var log = page.Locator("#deploy-log");
        await Expect(log.Locator(".bl.head").First).ToContainTextAsync("Start building", new() { Timeout = 30_000 });
        var running = await f.Server.Http.GetFromJsonAsync<JsonElement>($"/api/apps/streamy/deploys/{id}");
        Assert.True(
            running.GetProperty("status").GetString() is not ("succeeded" or "failed"),
            "the log should be on the page while the deploy runs, but it has already " + running.GetProperty("status")
        );
        await DashboardFixture.ShotAsync(page, "deploy-running");

        await Expect(log).ToContainTextAsync("Deploy finished", new() { Timeout = 120_000 });
        await Expect(page.Locator(".done.ok")).ToContainTextAsync($"Deploy #{id} succeeded");
        await Expect(page.Locator("#deploy-state .badge")).ToHaveTextAsync("succeeded");
        Assert.Equal(42, await page.EvaluateAsync<int>("window.__sameDocument")); // streamed, not reloaded
        await DashboardFixture.ShotAsync(page, "deploy");

        // The same stream the pusher saw: its stage headers, in the same order.
        var pushed = (await push)
            .ShouldSucceed()
            .Output.Split('\n')
            .Select(l => l.StartsWith("remote: ", StringComparison.Ordinal) ? l[8..].TrimEnd() : null)
            .Where(l => l is not null && l.StartsWith("-----> ", StringComparison.Ordinal))
            .ToList();
        var shown = (await log.Locator(".bl.head").AllInnerTextsAsync()).Select(l => l.TrimEnd()).ToList();
        Assert.Equal(pushed, shown);
        await page.Context.CloseAsync();
    }
}

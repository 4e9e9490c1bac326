using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GitDeploy.Tests.Dashboard.Browser;

[Collection(DashboardBrowserCollection.Name)]
[Trait("Category", "Browser")]
public class SignInTests(DashboardFixture f)
{
    [Fact(Timeout = 120_000)]
    public async Task SignIn_WithAToken_ShowsTheApps_InAStrictHttpOnlyCookie_AndSignOutEndsIt()
    {
        await f.Server.CreateAppAsync("greeter");
        var page = await f.Browser.NewPageAsync();
        await page.GotoAsync(f.Url("/dashboard/apps/greeter"));
        Assert.Contains("/dashboard/sign-in", page.Url);
        await DashboardFixture.ShotAsync(page, "sign-in");

        await page.FillAsync("#token", "not-a-token");
        await page.ClickAsync("form[action='/dashboard/sign-in'] button[type=submit]");
        await Expect(page.Locator(".flash.bad")).ToContainTextAsync("not a token of this server");

        await page.FillAsync("#token", TestServer.Token);
        await page.ClickAsync("form[action='/dashboard/sign-in'] button[type=submit]");
        // back where it was going
        await page.WaitForURLAsync(u => u.EndsWith("/dashboard/apps/greeter", StringComparison.Ordinal));
        await Expect(page.Locator("h1")).ToHaveTextAsync("greeter");
        await page.GotoAsync(f.Url("/dashboard"));
        await Expect(page.Locator("[data-app=greeter]")).ToContainTextAsync("Never deployed");
        await DashboardFixture.ShotAsync(page, "overview");

        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "gitdeploy_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/dashboard", cookie.Path);
        var expires = DateTimeOffset.FromUnixTimeSeconds((long)cookie.Expires);
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddHours(11), DateTimeOffset.UtcNow.AddHours(13));
        Assert.False(await page.EvaluateAsync<bool>("document.cookie.includes('gitdeploy_session')"));

        await page.ClickAsync("form[action='/dashboard/sign-out'] button");
        await Expect(page.Locator(".flash.ok")).ToHaveTextAsync("Signed out.");
        await page.GotoAsync(f.Url("/dashboard"));
        Assert.Contains("/dashboard/sign-in", page.Url);

        var history = await f.Server.Http.GetFromJsonAsync<JsonElement>("/api/apps/*/history");
        var actions = history.EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Contains("dashboard sign-in", actions);
        Assert.Contains("dashboard sign-out", actions);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task RevokingTheToken_EndsItsSession()
    {
        var created = await f.Server.Http.PostAsJsonAsync("/api/tokens", new { name = "short-lived", role = "viewer" });
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var page = await f.SignedInAsync(token);
        await Expect(page.Locator(".who .token")).ToContainTextAsync("short-lived (viewer)");

        (await f.Server.Http.DeleteAsync("/api/tokens/short-lived")).EnsureSuccessStatusCode();
        await page.GotoAsync(f.Url("/dashboard"));
        Assert.Contains("/dashboard/sign-in", page.Url);
        await Expect(page.Locator(".flash.ok")).ToContainTextAsync("its token was revoked");
        await page.Context.CloseAsync();
    }
}

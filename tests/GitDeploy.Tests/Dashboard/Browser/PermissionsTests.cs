using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GitDeploy.Tests.Dashboard.Browser;

[Collection(DashboardBrowserCollection.Name)]
[Trait("Category", "Browser")]
public class PermissionsTests(DashboardFixture f)
{
    [Fact(Timeout = 240_000)]
    public async Task AViewer_SeesNoConfigValuesNoLogsNoRollback_AndAFormWithoutItsCsrfTokenIsRefused()
    {
        var repo = await AppRepo.CreateAsync(f.Server, "guarded", SampleApps.Plain);
        await EndToEnd.ReleaseManagementTests.DeployVersionsAsync(f.Server, repo, 2);
        var set = await f.Server.Http.PatchAsJsonAsync(
            "/api/apps/guarded/config",
            new { set = new Dictionary<string, string> { ["API_SECRET"] = "hunter2-value" } }
        );
        set.EnsureSuccessStatusCode();
        var created = await f.Server.Http.PostAsJsonAsync(
            "/api/tokens",
            new
            {
                name = "eve",
                role = "viewer",
                app = "guarded",
            }
        );
        var viewerToken = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

        // The admin sees the value and the buttons.
        var admin = await f.SignedInAsync();
        await admin.GotoAsync(f.Url("/dashboard/apps/guarded"));
        await Expect(admin.Locator(".config[data-env=production] tr[data-var=API_SECRET] code.value"))
            .ToHaveTextAsync("hunter2-value");
        await Expect(admin.Locator(".tabs a", new() { HasText = "Logs" })).ToHaveCountAsync(1);
        await DashboardFixture.ShotAsync(admin, "app");

        // The viewer sees the name only, no logs tab, no buttons.
        var viewer = await f.SignedInAsync(viewerToken);
        await viewer.GotoAsync(f.Url("/dashboard/apps/guarded"));
        await Expect(viewer.Locator(".config[data-env=production] tr[data-var=API_SECRET]"))
            .ToContainTextAsync("hidden");
        Assert.DoesNotContain("hunter2-value", await viewer.ContentAsync());
        await Expect(viewer.Locator(".tabs a", new() { HasText = "Logs" })).ToHaveCountAsync(0);
        await Expect(viewer.Locator("form[action$='/config/set']")).ToHaveCountAsync(0);
        await Expect(viewer.Locator("summary", new() { HasText = "Restart" })).ToHaveCountAsync(0);
        await DashboardFixture.ShotAsync(viewer, "app-viewer");
        await viewer.GotoAsync(f.Url("/dashboard/apps/guarded/releases"));
        await Expect(viewer.Locator("li.release")).ToHaveCountAsync(2);
        await Expect(viewer.Locator("summary", new() { HasText = "Roll back" })).ToHaveCountAsync(0);
        await Expect(viewer.Locator("text=Build log")).ToHaveCountAsync(0);
        await DashboardFixture.ShotAsync(viewer, "releases-viewer");
        var logs = await viewer.GotoAsync(f.Url("/dashboard/apps/guarded/logs"));
        Assert.Equal(403, logs!.Status);
        await Expect(viewer.Locator("h1")).ToHaveTextAsync("Not allowed");

        // The server refuses what the viewer has no button for, even with its CSRF token.
        var viewerCsrf = await viewer
            .Locator("form[action='/dashboard/sign-out'] input[name=_csrf]")
            .GetAttributeAsync("value");
        var older = (await f.Server.Http.GetFromJsonAsync<JsonElement>("/api/apps/guarded/releases"))[1]
            .GetProperty("tag")
            .GetString()!;
        var rollback = await viewer.APIRequest.PostAsync(
            f.Url("/dashboard/apps/guarded/rollback"),
            new()
            {
                Form = viewer
                    .APIRequest.CreateFormData()
                    .Set("_csrf", viewerCsrf!)
                    .Set("tag", older)
                    .Set("env", "production"),
                MaxRedirects = 0,
            }
        );
        Assert.Equal(403, rollback.Status);

        // A forged post (no CSRF token) is refused even for the admin, whose session cookie it carries.
        var forged = await admin.APIRequest.PostAsync(
            f.Url("/dashboard/apps/guarded/config/set"),
            new()
            {
                Form = admin
                    .APIRequest.CreateFormData()
                    .Set("env", "production")
                    .Set("name", "API_SECRET")
                    .Set("value", "forged"),
                MaxRedirects = 0,
            }
        );
        Assert.Equal(403, forged.Status);
        Assert.Contains("CSRF token is missing or wrong", await forged.TextAsync());
        var config = await f.Server.Http.GetFromJsonAsync<JsonElement>("/api/apps/guarded/config");
        Assert.Equal("hunter2-value", config.GetProperty("API_SECRET").GetString());
        var live = await f.Server.Http.GetFromJsonAsync<JsonElement>("/api/apps/guarded");
        Assert.NotEqual(older, live.GetProperty("production").GetString());

        // With its token, the admin's form works, and history says who did it.
        await admin.GotoAsync(f.Url("/dashboard/apps/guarded"));
        await admin.FillAsync(".config[data-env=stage] input[name=name]", "FROM_DASHBOARD");
        await admin.FillAsync(".config[data-env=stage] input[name=value]", "yes");
        await admin.ClickAsync(".config[data-env=stage] button[type=submit]");
        await Expect(admin.Locator(".flash.ok")).ToContainTextAsync("FROM_DASHBOARD set on stage");
        var history = await f.Server.Http.GetFromJsonAsync<JsonElement>("/api/apps/guarded/history");
        Assert.Contains(
            history.EnumerateArray(),
            h =>
                h.GetProperty("action").GetString() == "config set"
                && h.GetProperty("detail").GetString() == "FROM_DASHBOARD"
                && h.GetProperty("actor").GetString() == "admin"
        );
        await admin.Context.CloseAsync();
        await viewer.Context.CloseAsync();
    }
}

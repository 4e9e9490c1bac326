using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Dashboard;

/// <summary>The dashboard's and /metrics' access rules over plain HTTP, on a real server.</summary>
public class DashboardHttpTests
{
    [Fact(Timeout = 120_000)]
    public async Task Metrics_AnswersAnAdminOrAMetricsTokenForAllApps_AndNobodyElse()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("scraped");
        await server.GetAppAsync("scraped.localhost"); // 503: no release yet, counted all the same
        async Task<string> Token(string name, string role, string? app = null)
        {
            var r = await server.Http.PostAsJsonAsync(
                "/api/tokens",
                new
                {
                    name,
                    role,
                    app,
                }
            );
            return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        }
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = server.BaseUri };
        async Task<HttpResponseMessage> Scrape(string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            if (token is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await client.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await Scrape(null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Scrape(await Token("v", "viewer"))).StatusCode);
        var scoped = await Scrape(await Token("m1", "metrics", "scraped"));
        Assert.Equal(HttpStatusCode.Forbidden, scoped.StatusCode);
        Assert.Contains("for all apps", await scoped.Content.ReadAsStringAsync());
        var ok = await Scrape(await Token("prometheus", "metrics"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.StartsWith("text/plain; version=0.0.4", ok.Content.Headers.ContentType!.ToString());
        var text = await ok.Content.ReadAsStringAsync();
        Assert.Contains("gitdeploy_http_requests_total{app=\"scraped\",env=\"production\",status=\"5xx\"} 1", text);
        Assert.Equal(HttpStatusCode.OK, (await Scrape(TestServer.Token)).StatusCode);

        // A metrics token is for the scraper only: no API, no dashboard.
        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/apps");
        api.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Token("m2", "metrics"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(api)).StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task TheDashboard_IsOnThePlatformsHostsOnly_AndAsksForASignIn()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("site");
        using var onApp = await server.GetAppAsync("site.localhost", "/dashboard");
        // the app's host is the app's: no release yet
        Assert.Equal(HttpStatusCode.ServiceUnavailable, onApp.StatusCode);
        Assert.DoesNotContain("sign-in", onApp.Headers.Location?.ToString() ?? "");

        using var anonymous = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = server.BaseUri,
        };
        var page = await anonymous.GetAsync("/dashboard/apps/site/releases?env=stage");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal(
            "/dashboard/sign-in?next=%2Fdashboard%2Fapps%2Fsite%2Freleases%3Fenv%3Dstage",
            page.Headers.Location!.ToString()
        );
        using var fragment = new HttpRequestMessage(HttpMethod.Get, "/dashboard/apps/site/partials/envs");
        fragment.Headers.Add("HX-Request", "true");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(fragment)).StatusCode);
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (await anonymous.PostAsync("/dashboard/apps/site/restart", null)).StatusCode
        );

        var signIn = await anonymous.GetAsync("/dashboard/sign-in");
        Assert.Contains("script-src 'self'", signIn.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", signIn.Headers.GetValues("X-Frame-Options").Single());
        var css = await anonymous.GetAsync("/dashboard/assets/vendor/uPlot.min.css");
        Assert.Equal("text/css; charset=utf-8", css.Content.Headers.ContentType!.ToString());
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await anonymous.GetAsync("/dashboard/assets/GitDeploy.Server.dll")).StatusCode
        );
    }

    [Fact(Timeout = 120_000)]
    public async Task AFormFromAnotherSite_OrWithoutItsToken_IsRefused_AndSignInTakesOnlyOurForm()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("kept");
        var cookies = new CookieContainer();
        using var browser = new HttpClient(
            new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                CookieContainer = cookies,
            }
        )
        {
            BaseAddress = server.BaseUri,
        };
        string Csrf(string html) => Regex.Match(html, "name=\"_csrf\" value=\"([^\"]+)\"").Groups[1].Value;

        var form = Csrf(await browser.GetStringAsync("/dashboard/sign-in"));
        var withoutCookie = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = server.BaseUri,
        };
        var loginCsrf = await withoutCookie.PostAsync(
            "/dashboard/sign-in",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["_csrf"] = form, ["token"] = TestServer.Token })
        );
        Assert.Equal(HttpStatusCode.BadRequest, loginCsrf.StatusCode); // the form's token without its cookie

        var signedIn = await browser.PostAsync(
            "/dashboard/sign-in",
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["_csrf"] = form,
                    ["token"] = TestServer.Token,
                    ["next"] = "https://evil.example/",
                }
            )
        );
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        Assert.Equal("/dashboard", signedIn.Headers.Location!.ToString());
        var session = Csrf(await browser.GetStringAsync("/dashboard/apps/kept"));

        Task<HttpResponseMessage> Set(string? csrf, string? origin)
        {
            var fields = new Dictionary<string, string>
            {
                ["env"] = "production",
                ["name"] = "VIA_FORM",
                ["value"] = "x",
            };
            if (csrf is not null)
                fields["_csrf"] = csrf;
            var request = new HttpRequestMessage(HttpMethod.Post, "/dashboard/apps/kept/config/set")
            {
                Content = new FormUrlEncodedContent(fields),
            };
            if (origin is not null)
                request.Headers.Add("Origin", origin);
            return browser.SendAsync(request);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await Set(null, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Set(session + "x", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Set(session, "https://evil.example")).StatusCode);
        Assert.Empty((await server.Http.GetFromJsonAsync<JsonElement>("/api/apps/kept/config")).EnumerateObject());

        var accepted = await Set(session, server.BaseUri.GetLeftPart(UriPartial.Authority));
        Assert.Equal(HttpStatusCode.SeeOther, accepted.StatusCode);
        Assert.Equal(
            "x",
            (await server.Http.GetFromJsonAsync<JsonElement>("/api/apps/kept/config"))
                .GetProperty("VIA_FORM")
                .GetString()
        );
    }
}

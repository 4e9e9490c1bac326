using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>The platform's own Authorization header never reaches an app; an app's own credentials do.</summary>
public class PlatformTokenRoutingTests
{
    [Fact(Timeout = 180_000)]
    public async Task AGitDeployToken_SentToAnAppsHost_IsRemoved_TheAppsOwnAuthorizationIsForwarded()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "echo", d => ControlApp.Write(d));
        (await repo.PushAsync()).ShouldSucceed();
        using var created = await server.Http.PostAsJsonAsync("/api/tokens", new { name = "ci", role = "deployer" });
        var deployer = (await created.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["token"].ToString()!;
        using var anonymous = new HttpClient { BaseAddress = server.BaseUri };

        async Task<string?> AuthorizationSeenByTheApp(AuthenticationHeaderValue? authorization)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/headers");
            request.Headers.Host = $"echo.localhost:{server.Port}";
            request.Headers.Authorization = authorization;
            using var r = await anonymous.SendAsync(request);
            var body = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {body}");
            return body.Split('\n').Select(l => l.Split(": ", 2))
                .FirstOrDefault(p => p.Length == 2 && p[0].ToLowerInvariant() == "authorization")?[1];
        }
        static AuthenticationHeaderValue Basic(string user, string password) =>
            new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

        Assert.Null(await AuthorizationSeenByTheApp(new("Bearer", TestServer.Token)));
        Assert.Null(await AuthorizationSeenByTheApp(new("Bearer", deployer)));
        Assert.Null(await AuthorizationSeenByTheApp(Basic("deployer", TestServer.Token)));
        Assert.Equal("Bearer app-own-jwt.abc", await AuthorizationSeenByTheApp(new("Bearer", "app-own-jwt.abc")));
        var basic = Basic("alice", "her-app-password");
        Assert.Equal(basic.ToString(), await AuthorizationSeenByTheApp(basic));

        // A revoked token is no longer the platform's: it is forwarded like any other credential.
        Assert.Equal(HttpStatusCode.OK, (await server.Http.DeleteAsync("/api/tokens/ci")).StatusCode);
        Assert.Equal("Bearer " + deployer, await AuthorizationSeenByTheApp(new("Bearer", deployer)));
    }
}

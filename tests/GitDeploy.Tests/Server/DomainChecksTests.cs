using System.Net;
using System.Net.Http.Json;
using GitDeploy.Runtime.Router;
using GitDeploy.State;
using GitDeploy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Tests.Server;

/// <summary>
/// A custom domain may not be one of the platform's own addresses: an app there would answer in place
/// of the API and git, and receive the admin's Authorization header.
/// </summary>
public class DomainChecksTests
{
    [Fact(Timeout = 60_000)]
    public async Task IpAddresses_Localhost_PlatformHosts_AndTheAppsDomain_AreRefusedAsCustomDomains()
    {
        await using var server = await TestServer.StartAsync(o => o with
        {
            AppsDomain = "apps.example.org", PlatformHosts = ["deploy.example.org"],
        });
        await server.CreateAppAsync("grabby");

        async Task<string> Add(string domain) => await Refused.WithAsync(
            await server.Http.PostAsJsonAsync("/api/apps/grabby/domains", new { domain }), HttpStatusCode.BadRequest);

        foreach (var ip in new[] { "127.0.0.1", "10.0.0.7", "::1", "[::1]", "localhost", "LOCALHOST.",
            "deploy.example.org", "apps.example.org", Environment.MachineName })
            Assert.Contains("is one of GitDeploy's own addresses", await Add(ip));
        foreach (var under in new[] { "grabby.apps.example.org", "stg-other.apps.example.org", "x.localhost" })
            Assert.Contains("is under the apps domain", await Add(under));
        foreach (var bad in new[] { "www.example.com\n", "1.2.3.4.5", "www.0x7f", "exa mple.com", "" })
            Assert.Contains("is not a domain name", await Add(bad));

        Assert.Empty(await server.Http.GetFromJsonAsync<List<object>>("/api/apps/grabby/domains") ?? []);
        var domain = "www.example.com";
        using var fine = await server.Http.PostAsJsonAsync("/api/apps/grabby/domains", new { domain });
        Assert.Equal(HttpStatusCode.Created, fine.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task ADomainStoredBeforeTheseChecks_NeverTakesThePlatformsOwnHost()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("squatter");
        // As `domains add squatter 127.0.0.1` stored it before it was refused.
        var domains = server.Services.GetRequiredService<DomainStore>();
        Assert.True(domains.TryAdd("127.0.0.1", "squatter", Environments.Production, false));
        server.Services.GetRequiredService<DomainTable>().Set(domains.Find("127.0.0.1")!);

        using var api = await server.Http.GetAsync("/api/apps");

        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Contains("\"name\":\"squatter\"", await api.Content.ReadAsStringAsync());
        var hosts = server.Services.GetRequiredService<HostRouter>();
        Assert.Equal(TargetKind.Platform, hosts.Resolve("127.0.0.1").Kind);
    }
}

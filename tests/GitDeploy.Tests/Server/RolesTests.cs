using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GitDeploy.Server.Auth;
using GitDeploy.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Tests.Server;

/// <summary>README "Tokens and roles": a viewer reads apps, releases, deploys, instances, history;
/// no logs or config.</summary>
public class RolesTests
{
    [Fact(Timeout = 60_000)]
    public async Task AViewer_CannotReadBuildLogs_DeployLogs_AppLogs_OrConfig_ADeployerCan()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("watched");
        using var created = await server.Http.PostAsJsonAsync("/api/tokens", new { name = "bob", role = "viewer" });
        var viewer = (await created.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["token"].ToString()!;
        using var made = await server.Http.PostAsJsonAsync("/api/tokens", new { name = "ci", role = "deployer" });
        var deployer = (await made.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["token"].ToString()!;
        using var client = new HttpClient { BaseAddress = server.BaseUri };

        Task<HttpResponseMessage> Get(string token, string path)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client.SendAsync(request);
        }

        foreach (
            var path in new[]
            {
                "/api/apps/watched/releases/20260101-000000/build-log",
                "/api/apps/watched/deploys/1/log",
                "/api/apps/watched/deploys/1/log?follow=true",
                "/api/apps/watched/logs?n=1",
                "/api/apps/watched/config",
            }
        )
        {
            var error = await Refused.WithAsync(await Get(viewer, path), HttpStatusCode.Forbidden);
            Assert.Contains("token 'bob' (viewer) may not do this", error);
        }
        // What a viewer may read, it reads.
        foreach (
            var path in new[]
            {
                "/api/apps/watched",
                "/api/apps/watched/releases",
                "/api/apps/watched/deploys",
                "/api/apps/watched/ps",
                "/api/apps/watched/history",
                "/api/apps/watched/domains",
            }
        )
        {
            using var r = await Get(viewer, path);
            var text = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{path}: {(int)r.StatusCode} {text}");
        }
        // A deployer passes the same gate: the logs that do not exist are 404 with a message.
        Assert.Contains(
            "no stored build log",
            await Refused.WithAsync(
                await Get(deployer, "/api/apps/watched/releases/20260101-000000/build-log"),
                HttpStatusCode.NotFound
            )
        );
        Assert.Contains(
            "no deploy #1",
            await Refused.WithAsync(await Get(deployer, "/api/apps/watched/deploys/1/log"), HttpStatusCode.NotFound)
        );
    }

    /// <summary>Each /api/ endpoint and the permission it declares: a new or changed one must be added here.</summary>
    [Fact(Timeout = 60_000)]
    public async Task EveryApiEndpoint_DeclaresThePermissionTheRolesTableDocuments()
    {
        await using var server = await TestServer.StartAsync();
        var expected = new Dictionary<string, Permission>
        {
            ["GET /api/apps"] = Permission.Read,
            ["POST /api/apps"] = Permission.Admin,
            ["GET /api/apps/{app}"] = Permission.Read,
            ["PATCH /api/apps/{app}"] = Permission.Admin,
            ["DELETE /api/apps/{app}"] = Permission.Admin,
            ["GET /api/apps/{app}/releases"] = Permission.Read,
            ["GET /api/apps/{app}/releases/{tag}"] = Permission.Read,
            ["GET /api/apps/{app}/releases/{tag}/build-log"] = Permission.Logs,
            ["POST /api/apps/{app}/releases/{tag}/pin"] = Permission.Release,
            ["GET /api/apps/{app}/deploys"] = Permission.Read,
            ["GET /api/apps/{app}/deploys/{id:long}"] = Permission.Read,
            ["GET /api/apps/{app}/deploys/{id:long}/log"] = Permission.Logs,
            ["POST /api/apps/{app}/deploys"] = Permission.Deploy,
            ["GET /api/apps/{app}/ps"] = Permission.Read,
            ["POST /api/apps/{app}/scale"] = Permission.Release,
            ["POST /api/apps/{app}/restart"] = Permission.Release,
            ["GET /api/apps/{app}/logs"] = Permission.Logs,
            ["POST /api/apps/{app}/rollback"] = Permission.Release,
            ["POST /api/apps/{app}/promote"] = Permission.Release,
            ["GET /api/apps/{app}/config"] = Permission.Config,
            ["PATCH /api/apps/{app}/config"] = Permission.Config,
            ["GET /api/tokens"] = Permission.Admin,
            ["POST /api/tokens"] = Permission.Admin,
            ["DELETE /api/tokens/{name}"] = Permission.Admin,
            ["GET /api/apps/{app}/history"] = Permission.Read,
            ["GET /api/apps/{app}/domains"] = Permission.Read,
            ["POST /api/apps/{app}/domains"] = Permission.Admin,
            ["PATCH /api/apps/{app}/domains/{domain}"] = Permission.Admin,
            ["DELETE /api/apps/{app}/domains/{domain}"] = Permission.Admin,
            ["GET /api/apps/{app}/source"] = Permission.Admin,
            ["PUT /api/apps/{app}/source"] = Permission.Admin,
            ["DELETE /api/apps/{app}/source"] = Permission.Admin,
            ["GET /api/apps/{app}/persistent"] = Permission.Read,
            ["PATCH /api/apps/{app}/persistent"] = Permission.Admin,
            ["POST /api/backup"] = Permission.Admin,
        };

        var declared = server
            .Services.GetRequiredService<EndpointDataSource>()
            .Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal))
            .SelectMany(e =>
                (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m =>
                    (
                        Key: $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}",
                        Declared: e.Metadata.GetMetadata<PermissionRequirement>()
                    )
                )
            )
            .ToList();

        Assert.All(declared, d => Assert.True(d.Declared is not null, $"{d.Key} declares no permission"));
        var actual = declared.Select(d => KeyValuePair.Create(d.Key, d.Declared!.Permission));
        Assert.Equal(expected.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
    }
}

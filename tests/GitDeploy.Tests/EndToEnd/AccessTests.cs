using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>Tokens with roles, at the API and at git push, and the history of who did what.</summary>
public class AccessTests
{
    private static async Task<string> CreateTokenAsync(TestServer server, string name, string role, string? app = null)
    {
        var r = await ReleaseManagementTests.Json(
            await server.Http.PostAsJsonAsync(
                "/api/tokens",
                new
                {
                    name,
                    role,
                    app,
                }
            ),
            HttpStatusCode.Created
        );
        return r.GetProperty("token").GetString()!;
    }

    private static async Task<HttpStatusCode> Call(
        TestServer server,
        string token,
        HttpMethod method,
        string path,
        object? body = null
    )
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        using var client = new HttpClient { BaseAddress = server.BaseUri };
        using var r = await client.SendAsync(request);
        return r.StatusCode;
    }

    [Fact(Timeout = 240_000)]
    public async Task EveryRole_IsAllowedAndRefusedAsDocumented_AtTheApiAndAtGitPush()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "guarded", SampleApps.Plain);
        await server.CreateAppAsync("other");
        (await repo.PushAsync()).ShouldSucceed();
        var tag = (await PushToDeployTests.TagsAsync(repo)).Single();

        var deployer = await CreateTokenAsync(server, "ci-bot", "deployer");
        var manager = await CreateTokenAsync(server, "rm-alice", "release-manager");
        var viewer = await CreateTokenAsync(server, "viewer-bob", "viewer");
        var scoped = await CreateTokenAsync(server, "other-only", "admin", app: "other");

        // (token, method, path, body, expected) — the matrix of the roles
        var get = HttpMethod.Get;
        var post = HttpMethod.Post;
        var patch = HttpMethod.Patch;
        var cases = new (
            string Who,
            string Token,
            HttpMethod Method,
            string Path,
            object? Body,
            HttpStatusCode Expected
        )[]
        {
            ("viewer", viewer, get, "/api/apps/guarded/releases", null, HttpStatusCode.OK),
            ("viewer", viewer, get, "/api/apps/guarded/ps", null, HttpStatusCode.OK),
            ("viewer", viewer, get, "/api/apps/guarded/logs?n=1", null, HttpStatusCode.Forbidden),
            ("viewer", viewer, get, "/api/apps/guarded/config", null, HttpStatusCode.Forbidden),
            ("viewer", viewer, post, "/api/apps/guarded/restart", null, HttpStatusCode.Forbidden),
            ("viewer", viewer, post, "/api/apps", new { name = "nope" }, HttpStatusCode.Forbidden),
            ("deployer", deployer, get, "/api/apps/guarded/logs?n=1", null, HttpStatusCode.OK),
            ("deployer", deployer, post, "/api/apps/guarded/deploys", new { @ref = "main" }, HttpStatusCode.Accepted),
            ("deployer", deployer, post, "/api/apps/guarded/rollback", new { tag }, HttpStatusCode.Forbidden),
            (
                "deployer",
                deployer,
                patch,
                "/api/apps/guarded/config",
                new { set = new { A = "1" } },
                HttpStatusCode.Forbidden
            ),
            ("deployer", deployer, get, "/api/tokens", null, HttpStatusCode.Forbidden),
            ("release-manager", manager, get, "/api/apps/guarded/logs?n=1", null, HttpStatusCode.OK),
            (
                "release-manager",
                manager,
                patch,
                "/api/apps/guarded/config",
                new { set = new { A = "1" } },
                HttpStatusCode.OK
            ),
            ("release-manager", manager, post, "/api/apps/guarded/rollback", new { tag }, HttpStatusCode.OK),
            (
                "release-manager",
                manager,
                post,
                "/api/apps/guarded/deploys",
                new { @ref = "main" },
                HttpStatusCode.Forbidden
            ),
            (
                "release-manager",
                manager,
                post,
                "/api/tokens",
                new { name = "x", role = "viewer" },
                HttpStatusCode.Forbidden
            ),
            ("scoped admin", scoped, get, "/api/apps/other", null, HttpStatusCode.OK),
            ("scoped admin", scoped, get, "/api/apps/guarded", null, HttpStatusCode.Forbidden),
            (
                "scoped admin",
                scoped,
                post,
                "/api/tokens",
                new { name = "y", role = "viewer" },
                HttpStatusCode.Forbidden
            ),
            ("nobody", "not-a-token", get, "/api/apps", null, HttpStatusCode.Unauthorized),
        };
        foreach (var c in cases)
            Assert.True(
                await Call(server, c.Token, c.Method, c.Path, c.Body) == c.Expected,
                $"{c.Who} {c.Method} {c.Path}: expected {(int)c.Expected}"
            );

        var listed = await new HttpClient
        {
            BaseAddress = server.BaseUri,
            DefaultRequestHeaders = { Authorization = new("Bearer", scoped) },
        }.GetFromJsonAsync<JsonElement>("/api/apps");
        Assert.Equal(["other"], listed.EnumerateArray().Select(a => a.GetProperty("name").GetString()));

        // git: push needs deployer or admin for that app; clone needs any read access
        await repo.ChangeAsync("VERSION", "2");
        foreach (var (token, ok) in new[] { (viewer, false), (manager, false), (scoped, false), (deployer, true) })
        {
            (await repo.Git.RunAsync("remote", "set-url", "engine", server.GitUrl("guarded", token))).ShouldSucceed();
            var push = await repo.PushAsync();
            Assert.True((push.ExitCode == 0) == ok, $"push with {token[..6]}…: {push.Output}");
            if (!ok)
                Assert.Contains("403", push.Output);
        }
        var clone = await new GitClient(TestEnvironment.TempDir("gd-clone")).RunAsync(
            "clone",
            "-q",
            server.GitUrl("guarded", viewer),
            "c"
        );
        clone.ShouldSucceed();

        var history = await server.Http.GetFromJsonAsync<JsonElement>("/api/apps/guarded/history");
        var entries = history
            .EnumerateArray()
            .Select(h => $"{h.GetProperty("action").GetString()} by {h.GetProperty("actor").GetString()}")
            .ToList();
        Assert.Contains("rollback by rm-alice", entries);
        Assert.Contains("config set by rm-alice", entries);
        Assert.Contains("deploy by ci-bot", entries);
        Assert.Contains("deploy by admin", entries);
        Assert.Contains("create by admin", entries);
        var server_wide = await server.Http.GetFromJsonAsync<JsonElement>("/api/apps/*/history");
        Assert.Contains(
            server_wide.EnumerateArray(),
            h =>
                h.GetProperty("action").GetString() == "token create"
                && h.GetProperty("detail").GetString()!.StartsWith("rm-alice (release-manager")
        );
    }
}

using System.Net;
using System.Net.Http.Json;
using GitDeploy.Tests.Infrastructure;
using GitDeploy.Tests.Webhooks;

namespace GitDeploy.Tests.Server;

/// <summary>
/// Every name is checked whole: .NET's <c>$</c> matches before a final newline, so each check is
/// tried with one. App names, token names, variable names, mapped branches, deploy refs, commit ids.
/// </summary>
public class NameChecksTests
{
    [Fact(Timeout = 60_000)]
    public async Task AppNames_WithATrailingNewline_OrStartingWithStg_AreRefused()
    {
        await using var server = await TestServer.StartAsync();

        var newline = await Refused.WithAsync(await server.Http.PostAsJsonAsync("/api/apps", new { name = "web\n" }),
            HttpStatusCode.BadRequest);
        var stage = await Refused.WithAsync(await server.Http.PostAsJsonAsync("/api/apps", new { name = "stg-web" }),
            HttpStatusCode.BadRequest);
        var spaced = await Refused.WithAsync(await server.Http.PostAsJsonAsync("/api/apps", new { name = " web" }),
            HttpStatusCode.BadRequest);

        Assert.Contains("is not a valid app name", newline);
        Assert.Contains("stg-web.DOMAIN is the stage address of app web", stage);
        Assert.Contains("is not a valid app name", spaced);
        Assert.Empty(await server.Http.GetFromJsonAsync<List<object>>("/api/apps") ?? []);
        await server.CreateAppAsync("stgweb"); // only the "stg-" prefix is the stage's
    }

    [Fact(Timeout = 60_000)]
    public async Task TokenAndVariableNames_WithATrailingNewline_AreRefused()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("named");

        var token = await Refused.WithAsync(
            await server.Http.PostAsJsonAsync("/api/tokens", new { name = "ci\n", role = "viewer" }),
            HttpStatusCode.BadRequest);
        var set = await Refused.WithAsync(await server.Http.PatchAsJsonAsync("/api/apps/named/config",
            new { set = new Dictionary<string, string> { ["GREETING\n"] = "hi" } }), HttpStatusCode.BadRequest);
        var unset = await Refused.WithAsync(await server.Http.PatchAsJsonAsync("/api/apps/named/config",
            new { unset = new[] { "GREETING\n" } }), HttpStatusCode.BadRequest);

        Assert.Contains("a token needs a --name of 1 to 64", token);
        Assert.Contains("is not a variable name", set);
        Assert.Contains("is not a variable name", unset);
        Assert.Empty(await server.Http.GetFromJsonAsync<Dictionary<string, string>>("/api/apps/named/config") ?? []);
    }

    [Fact(Timeout = 60_000)]
    public async Task MappedBranches_WithATrailingNewline_AreRefused_InTheAppsAndTheSourcesMapping()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("mapped");

        var apps = await Refused.WithAsync(await server.Http.PatchAsJsonAsync("/api/apps/mapped",
            new { branches = new Dictionary<string, string> { ["release\n"] = "production" } }),
            HttpStatusCode.BadRequest);
        var url = "https://example.com/team/web.git";
        var source = await server.Http.PutAsJsonAsync("/api/apps/mapped/source",
            new { url, provider = "github", branches = new[] { "main\n=production" } });
        var sourceError = await Refused.WithAsync(source, HttpStatusCode.BadRequest);
        var dotted = await Refused.WithAsync(await server.Http.PatchAsJsonAsync("/api/apps/mapped",
            new { branches = new Dictionary<string, string> { ["a..b"] = "stage" } }), HttpStatusCode.BadRequest);

        Assert.Contains("is not a branch name", apps);
        Assert.Contains("is not a branch name", sourceError);
        Assert.Contains("is not a branch name", dotted);
        var app = await WebhookApi.GetJsonAsync(server, "/api/apps/mapped");
        var branches = app.GetProperty("branches").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(["main", "master", "stage"], branches);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("main\n")]
    [InlineData("-main")]
    [InlineData("--upload-pack=touch /tmp/x")]
    [InlineData("main~1")]
    [InlineData("main^{tree}")]
    [InlineData("HEAD@{1}")]
    [InlineData("a..b")]
    [InlineData("refs/heads/main.lock")]
    [InlineData("main:other")]
    public async Task DeployRefs_GitWouldNotTakeAsARefName_Are400(string badRef)
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("byref");

        var error = await Refused.WithAsync(
            await server.Http.PostAsJsonAsync("/api/apps/byref/deploys", new { @ref = badRef }),
            HttpStatusCode.BadRequest);

        Assert.Contains("is not a ref", error);
        Assert.Contains("git check-ref-format", error);
        Assert.Empty(await WebhookApi.DeploysAsync(server, "byref"));
        // A well-formed ref passes the check and is looked up: not in the repository, 404.
        var wellFormed = new { @ref = "feature/x-1.2" };
        using var missing = await server.Http.PostAsJsonAsync("/api/apps/byref/deploys", wellFormed);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("github")]
    [InlineData("gitea")]
    public async Task WebhookCommitIds_WithATrailingNewline_Are400(string provider)
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("hooked");
        var secret = WebhookSignatureTests.Secret;
        var url = "https://example.com/team/web.git";
        await WebhookApi.SetSourceAsync(server, "hooked", new { url, provider, secret });
        using var hooks = new WebhookClient(server);
        var after = new string('a', 40) + "\n";
        var body = WebhookSignatureTests.Payload(provider, "refs/heads/main", Payloads.Zero, after);

        var error = await Refused.WithAsync(
            await hooks.DeliverAsync(provider, "hooked", body, secret), HttpStatusCode.BadRequest);

        Assert.Contains("'after' is not a commit id", error);
        Assert.Empty(await WebhookApi.DeploysAsync(server, "hooked"));
    }
}

using System.Net;
using System.Text;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Webhooks;

/// <summary>Deliveries that deploy nothing: other branches, tags, other events, bad bodies, wrong URLs.</summary>
public class WebhookRequestTests
{
    private const string Secret = WebhookSignatureTests.Secret;

    private static async Task<(TestServer Server, WebhookClient Hooks)> ServerWithSourceAsync(
        string app,
        string provider
    )
    {
        var server = await TestServer.StartAsync();
        await server.CreateAppAsync(app);
        await WebhookApi.SetSourceAsync(
            server,
            app,
            new
            {
                url = "https://example.com/team/web.git",
                provider,
                secret = Secret,
            }
        );
        return (server, new WebhookClient(server));
    }

    private static async Task<string> IgnoredReasonAsync(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var json = await WebhookApi.JsonAsync(r);
        Assert.Equal("ignored", json.GetProperty("status").GetString());
        return json.GetProperty("reason").GetString()!;
    }

    [Theory(Timeout = 60_000)]
    [InlineData("github")]
    [InlineData("gitlab")]
    [InlineData("gitea")]
    public async Task PushOfABranchThatMapsToNoEnvironment_Is200Ignored_WithTheReason(string provider)
    {
        var (server, hooks) = await ServerWithSourceAsync("web", provider);
        await using var _ = server;
        using var __ = hooks;

        using var r = await hooks.DeliverAsync(
            provider,
            "web",
            WebhookSignatureTests.Payload(provider, "refs/heads/feature-x", Payloads.Zero, new string('b', 40)),
            Secret
        );

        var reason = await IgnoredReasonAsync(r);
        Assert.Contains(
            "branch feature-x deploys nowhere (main → production, master → production, stage → stage)",
            reason
        );
        Assert.Empty(await WebhookApi.DeploysAsync(server, "web"));
    }

    [Fact(Timeout = 60_000)]
    public async Task TagPushes_AndOtherEvents_Are200Ignored_SayingWhy()
    {
        var (server, hooks) = await ServerWithSourceAsync("tags", "gitlab");
        await using var _ = server;
        using var __ = hooks;
        var sha = new string('c', 40);

        using var gitlabTag = await hooks.DeliverAsync(
            "gitlab",
            "tags",
            Payloads.GitLabPush("refs/tags/v1.0.0", Payloads.Zero, sha),
            Secret,
            eventName: "Tag Push Hook"
        );
        using var mergeRequest = await hooks.DeliverAsync(
            "gitlab",
            "tags",
            """{"object_kind":"merge_request","event_type":"merge_request"}""",
            Secret,
            eventName: "Merge Request Hook"
        );
        await WebhookApi.SetSourceAsync(server, "tags", new { provider = "github" });
        using var githubTag = await hooks.DeliverAsync(
            "github",
            "tags",
            Payloads.GitHubPush("refs/tags/v1.0.0", Payloads.Zero, sha),
            Secret
        );
        using var issues = await hooks.DeliverAsync(
            "github",
            "tags",
            """{"action":"opened","issue":{"number":1}}""",
            Secret,
            eventName: "issues"
        );

        Assert.Contains(
            "tag v1.0.0 was pushed: tags do not deploy, branch pushes do",
            await IgnoredReasonAsync(gitlabTag)
        );
        Assert.Contains("'Merge Request Hook' events do not deploy", await IgnoredReasonAsync(mergeRequest));
        Assert.Contains("tag v1.0.0 was pushed: tags do not deploy", await IgnoredReasonAsync(githubTag));
        Assert.Contains("'issues' events do not deploy", await IgnoredReasonAsync(issues));
        Assert.Empty(await WebhookApi.DeploysAsync(server, "tags"));
    }

    [Fact(Timeout = 60_000)]
    public async Task MalformedJson_Is400_ButOnlyOnceTheSignatureIsRight()
    {
        var (server, hooks) = await ServerWithSourceAsync("badjson", "github");
        await using var _ = server;
        using var __ = hooks;

        using var malformed = await hooks.DeliverAsync(
            "github",
            "badjson",
            """{"ref": "refs/heads/main", "after": """,
            Secret
        );
        using var notAnObject = await hooks.DeliverAsync("github", "badjson", "[1, 2]", Secret);
        using var noAfter = await hooks.DeliverAsync("github", "badjson", """{"ref": "refs/heads/main"}""", Secret);
        using var unsigned = await hooks.DeliverAsync("github", "badjson", """{"ref": """, null);

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("not valid JSON", (await WebhookApi.JsonAsync(malformed)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, notAnObject.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noAfter.StatusCode);
        Assert.Contains(
            "'after' is not a commit id",
            (await WebhookApi.JsonAsync(noAfter)).GetProperty("error").GetString()
        );
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Empty(await WebhookApi.DeploysAsync(server, "badjson"));
    }

    [Fact(Timeout = 90_000)]
    public async Task BodiesOver25MiB_Are413_WithOrWithoutAContentLength()
    {
        var (server, hooks) = await ServerWithSourceAsync("big", "gitea");
        await using var _ = server;
        using var __ = hooks;
        var big = new byte[25 * 1024 * 1024 + 1];
        Array.Fill(big, (byte)' ');

        using var sized = await hooks.SendAsync(Post("/webhooks/gitea/big", new ByteArrayContent(big)));
        using var chunked = await hooks.SendAsync(
            Post("/webhooks/gitea/big", new StreamContent(new MemoryStream(big)))
        );
        using var atTheLimit = await hooks.SendAsync(Post("/webhooks/gitea/big", new ByteArrayContent(big[1..])));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, sized.StatusCode);
        Assert.Contains("larger than 25 MiB", (await WebhookApi.JsonAsync(sized)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, atTheLimit.StatusCode); // read whole, refused for its wrong signature

        static HttpRequestMessage Post(string path, HttpContent content)
        {
            var r = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
            if (content is StreamContent)
                r.Headers.TransferEncodingChunked = true;
            content.Headers.ContentType = new("application/json");
            r.Headers.Add("X-Gitea-Event", "push");
            r.Headers.Add("X-Gitea-Signature", new string('0', 64)); // well-formed, so the body is read: and wrong
            return r;
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task UnknownAppsProvidersAndMismatchedEndpoints_Are404_WebhooksNeedNoAdminToken()
    {
        var (server, hooks) = await ServerWithSourceAsync("mapped", "github");
        await using var _ = server;
        using var __ = hooks;
        await server.CreateAppAsync("nosource");
        var body = Payloads.GitHubPush("refs/heads/main", Payloads.Zero, new string('d', 40));

        using var unknownApp = await hooks.DeliverAsync("github", "nope", body, Secret);
        using var noSource = await hooks.DeliverAsync("github", "nosource", body, Secret);
        using var otherProvider = await hooks.DeliverAsync("gitea", "mapped", body, Secret);
        using var bitbucket = await hooks.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/webhooks/bitbucket/mapped") { Content = new StringContent(body) }
        );
        using var generic = await hooks.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, $"/webhooks/generic/mapped/{Secret}")
        );
        using var api = await hooks.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/apps"));

        Assert.Contains(
            "no app 'nope' with a source repository",
            (await WebhookApi.JsonAsync(unknownApp)).GetProperty("error").GetString()
        );
        Assert.Equal(HttpStatusCode.NotFound, unknownApp.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noSource.StatusCode);
        Assert.Contains(
            "gitdeploy apps source nosource --url URL",
            (await WebhookApi.JsonAsync(noSource)).GetProperty("error").GetString()
        );
        Assert.Equal(HttpStatusCode.NotFound, otherProvider.StatusCode);
        Assert.Contains(
            "set up for github, not gitea",
            (await WebhookApi.JsonAsync(otherProvider)).GetProperty("error").GetString()
        );
        Assert.Equal(HttpStatusCode.NotFound, bitbucket.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, generic.StatusCode);
        // the same client, without a token, is refused by /api/
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }
}

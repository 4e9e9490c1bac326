using System.Net;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Webhooks;

/// <summary>Each provider's signature: valid ones deploy, wrong and missing ones are 401, replays deploy nothing
/// more.</summary>
public class WebhookSignatureTests
{
    public const string Secret = "s3cret-for-the-webhook-tests";

    public static string Payload(string provider, string gitRef, string before, string after) =>
        provider switch
        {
            "github" => Payloads.GitHubPush(gitRef, before, after),
            "gitlab" => Payloads.GitLabPush(gitRef, before, after),
            _ => Payloads.GiteaPush(gitRef, before, after),
        };

    private static string SignatureHeader(string provider) =>
        provider switch
        {
            "github" => "X-Hub-Signature-256",
            "gitlab" => "X-Gitlab-Token",
            _ => "X-Gitea-Signature",
        };

    [Theory(Timeout = 240_000)]
    [InlineData("github")]
    [InlineData("gitlab")]
    [InlineData("gitea")]
    public async Task Delivery_WithValidSignature_Deploys_WrongMissingAndReplayedOnesDeployNothingMore(string provider)
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("web");
        var source = await SourceRepo.CreateBareAsync(d => SourceRepo.VersionedApp(d));
        await WebhookApi.SetSourceAsync(
            server,
            "web",
            new
            {
                url = source.FileUrl,
                provider,
                secret = Secret,
            }
        );
        var sha = await source.HeadAsync();
        var body = Payload(provider, "refs/heads/main", Payloads.Zero, sha);
        using var hooks = new WebhookClient(server);

        foreach (
            var (signWith, over) in new (string?, string?)[]
            {
                (null, null),
                ("a-different-secret-entirely", null),
                (Secret, "sha256=zz"),
                (Secret, ""),
            }
        )
        {
            using var refused = await hooks.DeliverAsync(provider, "web", body, signWith, signatureOverride: over);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains(
                SignatureHeader(provider),
                (await WebhookApi.JsonAsync(refused)).GetProperty("error").GetString()
            );
        }
        Assert.Empty(await WebhookApi.DeploysAsync(server, "web"));

        var delivery = Guid.NewGuid().ToString();
        using var accepted = await hooks.DeliverAsync(provider, "web", body, Secret, delivery);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.OriginalString;
        Assert.Matches(@"^/api/apps/web/deploys/\d+$", location);
        var deploy = await WebhookApi.EndedAsync(server, location);
        Assert.Equal("succeeded", deploy.GetProperty("status").GetString());
        Assert.Equal("webhook", deploy.GetProperty("trigger").GetString());
        Assert.Equal(sha, deploy.GetProperty("commitSha").GetString());
        Assert.StartsWith(provider + ":", deploy.GetProperty("actor").GetString());
        Assert.Equal("v1", await server.GetAppTextAsync("web.localhost"));

        // The same delivery again (a redelivery, or a replay of the captured request): nothing new.
        using (var replayed = await hooks.DeliverAsync(provider, "web", body, Secret, delivery))
        {
            Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
            var json = await WebhookApi.JsonAsync(replayed);
            Assert.Equal("duplicate", json.GetProperty("status").GetString());
            Assert.Equal(deploy.GetProperty("id").GetInt64(), json.GetProperty("deploy").GetInt64());
        }
        // The captured request with a made-up delivery id: the commit is live already, nothing is rebuilt.
        using (var replayed = await hooks.DeliverAsync(provider, "web", body, Secret, Guid.NewGuid().ToString()))
        {
            Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
            var json = await WebhookApi.JsonAsync(replayed);
            Assert.Equal("ignored", json.GetProperty("status").GetString());
            Assert.Contains("already live on production", json.GetProperty("reason").GetString());
        }
        // GitHub and Gitea sign the body: a captured signature does not fit another body. (GitLab's token is not tied
        // to the body.)
        if (provider != "gitlab")
        {
            var captured =
                provider == "github" ? "sha256=" + WebhookClient.Hmac(body, Secret) : WebhookClient.Hmac(body, Secret);
            var forged = Payload(provider, "refs/heads/main", Payloads.Zero, new string('a', 40));
            using var refused = await hooks.DeliverAsync(provider, "web", forged, Secret, signatureOverride: captured);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        Assert.Single(await WebhookApi.DeploysAsync(server, "web"));
    }

    [Fact(Timeout = 60_000)]
    public async Task GitHubPing_IsAnswered200WhenSigned_AndRefusedWhenNot()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("pinged");
        await WebhookApi.SetSourceAsync(
            server,
            "pinged",
            new { url = "https://github.com/octocat/web.git", secret = Secret }
        );
        var body = Payloads.GitHubPing($"{server.BaseUri}webhooks/github/pinged");
        using var hooks = new WebhookClient(server);

        using var pong = await hooks.DeliverAsync("github", "pinged", body, Secret, eventName: "ping");
        using var unsigned = await hooks.DeliverAsync("github", "pinged", body, null, eventName: "ping");
        using var wrong = await hooks.DeliverAsync(
            "github",
            "pinged",
            body,
            "a-different-secret-entirely",
            eventName: "ping"
        );

        Assert.Equal(HttpStatusCode.OK, pong.StatusCode);
        Assert.Contains("main → production", (await WebhookApi.JsonAsync(pong)).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Empty(await WebhookApi.DeploysAsync(server, "pinged"));
    }
}

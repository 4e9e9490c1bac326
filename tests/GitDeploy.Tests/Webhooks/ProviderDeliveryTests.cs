using System.Net;
using System.Text.Json;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Webhooks;

/// <summary>
/// Deliveries as the real providers send them. Gitea's "form" content type posts
/// <c>payload=</c>(its indented JSON, form encoded) and signs the JSON, not the form body (Gitea's
/// services/webhook/deliver.go). A GitLab retry keeps its Idempotency-Key while X-Gitlab-Event-UUID changes.
/// </summary>
public class ProviderDeliveryTests
{
    private const string Secret = WebhookSignatureTests.Secret;

    private static string NewUuid() => Guid.NewGuid().ToString();

    private static readonly JsonSerializerOptions Indent = new() { WriteIndented = true };

    /// <summary>Gitea marshals its payloads indented (json.MarshalIndent): the form has '+' and %0A.</summary>
    private static string Indented(string json) =>
        JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, Indent);

    [Fact(Timeout = 240_000)]
    public async Task AGiteaFormDelivery_SignedOverItsPayload_IsAccepted_AndDeploys_AForgedOneIsNot()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("formed");
        var source = await SourceRepo.CreateBareAsync(d => SourceRepo.VersionedApp(d));
        var settings = new { url = source.FileUrl, provider = "gitea", secret = Secret };
        await WebhookApi.SetSourceAsync(server, "formed", settings);
        var sha = await source.HeadAsync();
        var payload = Indented(Payloads.GiteaPush("refs/heads/main", Payloads.Zero, sha));
        using var hooks = new WebhookClient(server);

        var pingBody = Indented("""{"zen": "a ping", "hook_id": 7}""");
        using (var ping = await hooks.DeliverAsync("gitea", "formed", pingBody, Secret, eventName: "ping", form: true))
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        var forged = Indented(Payloads.GiteaPush("refs/heads/main", Payloads.Zero, new string('f', 40)));
        using (var refused = await hooks.DeliverAsync("gitea", "formed", forged, Secret, form: true,
            signatureOverride: WebhookClient.Hmac(payload, Secret)))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using (var wrong = await hooks.DeliverAsync("gitea", "formed", payload, "a-different-secret", form: true))
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var accepted = await hooks.DeliverAsync("gitea", "formed", payload, Secret, form: true);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var deploy = await WebhookApi.EndedAsync(server, accepted.Headers.Location!.OriginalString);
        Assert.Equal("succeeded", deploy.GetProperty("status").GetString());
        Assert.Equal(sha, deploy.GetProperty("commitSha").GetString());
        Assert.Equal("gitea:gitea", deploy.GetProperty("actor").GetString());
        Assert.Equal("v1", await server.GetAppTextAsync("formed.localhost"));
        Assert.Single(await WebhookApi.DeploysAsync(server, "formed"));
    }

    [Fact(Timeout = 60_000)]
    public async Task AGitHubFormDelivery_IsStillSignedOverTheFormBody()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("ghform");
        var settings = new { url = "https://example.com/team/web.git", provider = "github", secret = Secret };
        await WebhookApi.SetSourceAsync(server, "ghform", settings);
        using var hooks = new WebhookClient(server);
        var payload = Payloads.GitHubPush("refs/heads/feature-x", Payloads.Zero, new string('b', 40));

        using var overBody = await hooks.DeliverAsync("github", "ghform", payload, Secret, form: true);
        using var overPayload = await hooks.DeliverAsync("github", "ghform", payload, Secret, form: true,
            signatureOverride: "sha256=" + WebhookClient.Hmac(payload, Secret));

        Assert.Equal(HttpStatusCode.OK, overBody.StatusCode);
        Assert.Equal("ignored", (await WebhookApi.JsonAsync(overBody)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, overPayload.StatusCode);
    }

    [Fact(Timeout = 240_000)]
    public async Task AGitLabRetry_KeepsItsIdempotencyKey_WithANewEventUuid_AndIsADuplicate()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("retried");
        var source = await SourceRepo.CreateBareAsync(d => SourceRepo.VersionedApp(d));
        var settings = new { url = source.FileUrl, provider = "gitlab", secret = Secret };
        await WebhookApi.SetSourceAsync(server, "retried", settings);
        var body = Payloads.GitLabPush("refs/heads/main", Payloads.Zero, await source.HeadAsync());
        using var hooks = new WebhookClient(server);
        var key = Guid.NewGuid().ToString();

        using var first = await hooks.DeliverAsync("gitlab", "retried", body, Secret, NewUuid(), idempotencyKey: key);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var deployId = (await WebhookApi.JsonAsync(first)).GetProperty("deploy").GetInt64();
        // GitLab timed out waiting (or the user pressed "Resend request"): same key, a new event UUID.
        using var retry = await hooks.DeliverAsync("gitlab", "retried", body, Secret, NewUuid(), idempotencyKey: key);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var json = await WebhookApi.JsonAsync(retry);
        Assert.Equal("duplicate", json.GetProperty("status").GetString());
        Assert.Equal(deployId, json.GetProperty("deploy").GetInt64());
        Assert.Contains($"delivery {key} was received before", json.GetProperty("reason").GetString());
        var deploy = await WebhookApi.EndedAsync(server, first.Headers.Location!.OriginalString);
        Assert.Equal("succeeded", deploy.GetProperty("status").GetString());
        Assert.Single(await WebhookApi.DeploysAsync(server, "retried"));
    }
}

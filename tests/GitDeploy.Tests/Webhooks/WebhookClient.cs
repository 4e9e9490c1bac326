using System.Security.Cryptography;
using System.Text;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Webhooks;

/// <summary>
/// Sends deliveries the way each provider does: its event and delivery headers, and its signature
/// (GitHub: X-Hub-Signature-256 = "sha256=" + HMAC-SHA256 hex; Gitea: X-Gitea-Signature = the same
/// hex; GitLab: X-Gitlab-Token = the secret, and since GitLab 17.4 an Idempotency-Key that its retries
/// keep). A form delivery (GitHub's and Gitea's "form" content type) is <c>payload=</c> + the JSON, form
/// encoded as Go's url.Values does; GitHub signs that form body, Gitea the JSON in it. No admin token.
/// </summary>
public sealed class WebhookClient(TestServer server) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        BaseAddress = server.BaseUri,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public static string Hmac(string body, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    public static string PushEvent(string provider) => provider == "gitlab" ? "Push Hook" : "push";

    /// <param name="signWith">the secret to sign with; null sends no signature header</param>
    public Task<HttpResponseMessage> DeliverAsync(
        string provider,
        string app,
        string body,
        string? signWith,
        string? deliveryId = null,
        string? eventName = null,
        string? signatureOverride = null,
        string? idempotencyKey = null,
        bool form = false
    )
    {
        var formBody = form ? "payload=" + Uri.EscapeDataString(body).Replace("%20", "+") : null;
        var content = new StringContent(formBody ?? body, Encoding.UTF8);
        content.Headers.ContentType = new(form ? "application/x-www-form-urlencoded" : "application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/{provider}/{app}") { Content = content };
        var h = request.Headers;
        deliveryId ??= Guid.NewGuid().ToString();
        eventName ??= PushEvent(provider);
        switch (provider)
        {
            case "github":
                h.Add("User-Agent", "GitHub-Hookshot/044aadd");
                h.Add("X-GitHub-Event", eventName);
                h.Add("X-GitHub-Delivery", deliveryId);
                h.Add("X-GitHub-Hook-ID", "109948940");
                if (signWith is not null)
                    h.Add("X-Hub-Signature-256", signatureOverride ?? "sha256=" + Hmac(formBody ?? body, signWith));
                break;
            case "gitlab":
                h.Add("User-Agent", "GitLab/18.6.0");
                h.Add("X-Gitlab-Event", eventName);
                h.Add("X-Gitlab-Event-UUID", deliveryId);
                if (idempotencyKey is not null)
                    h.Add("Idempotency-Key", idempotencyKey);
                h.Add("X-Gitlab-Instance", "https://gitlab.example.com");
                if (signWith is not null)
                    h.Add("X-Gitlab-Token", signatureOverride ?? signWith);
                break;
            case "gitea":
                h.Add("X-Gitea-Event", eventName);
                h.Add("X-Gitea-Event-Type", eventName);
                h.Add("X-Gitea-Delivery", deliveryId);
                if (signWith is not null)
                    h.Add("X-Gitea-Signature", signatureOverride ?? Hmac(body, signWith));
                break;
            default:
                throw new ArgumentException(provider);
        }
        return SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
            return await _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();
}

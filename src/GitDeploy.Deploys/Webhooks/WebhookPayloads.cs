using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace GitDeploy.Deploys.Webhooks;

/// <summary>
/// Reads the providers' push and ping payloads (JSON, or GitHub's and Gitea's form encoding with a
/// <c>payload</c> field). Only what a deploy needs is read: ref, after, deleted, who pushed.
/// </summary>
public static partial class WebhookPayloads
{
    /// <summary>Providers' payloads nest about 5 levels; System.Text.Json's own default, named.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions Json = new() { MaxDepth = MaxDepth };

    [GeneratedRegex(@"^([0-9a-f]{40}|[0-9a-f]{64})\z")]
    private static partial Regex CommitId();

    public static string EventHeader(string provider) =>
        provider switch
        {
            Providers.GitHub => "X-GitHub-Event",
            Providers.GitLab => "X-Gitlab-Event",
            _ => "X-Gitea-Event",
        };

    /// <summary>
    /// The headers naming a delivery, the first one present wins. A GitLab retry (automatic or "Resend
    /// request") keeps its Idempotency-Key while X-Gitlab-Event-UUID changes; older GitLabs send only the latter.
    /// </summary>
    public static IReadOnlyList<string> DeliveryHeaders(string provider) =>
        provider switch
        {
            Providers.GitHub => ["X-GitHub-Delivery"],
            Providers.GitLab => ["Idempotency-Key", "X-Gitlab-Event-UUID"],
            _ => ["X-Gitea-Delivery"],
        };

    /// <summary>The delivery's id (up to 200 characters), or null when it names none.</summary>
    public static string? DeliveryId(string provider, IHeaderDictionary headers)
    {
        foreach (var name in DeliveryHeaders(provider))
            if (headers[name].ToString().Trim() is { Length: > 0 } id)
                return id.Length <= 200 ? id : null;
        return null;
    }

    public static (WebhookEvent? Event, string? Error) Parse(
        string provider,
        string? eventName,
        string? contentType,
        byte[] body
    )
    {
        if (string.IsNullOrWhiteSpace(eventName))
            return (null, $"no {EventHeader(provider)} header: this endpoint takes {provider} webhook deliveries");
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(JsonBytes(contentType, body), Json);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e) when (e.Message.Contains("maximum configured depth"))
        {
            return (
                null,
                $"the body's JSON is nested deeper than the limit of {MaxDepth} levels; "
                    + "a provider's payload never is"
            );
        }
        catch (JsonException e)
        {
            return (
                null,
                $"the body is not valid JSON ({e.Message}); set the webhook's content type to application/json"
            );
        }
        if (root.ValueKind != JsonValueKind.Object)
            return (null, "the body must be a JSON object");

        var kind = (provider, eventName) switch
        {
            (_, "ping") => WebhookEventKind.Ping,
            (Providers.GitLab, "Push Hook" or "Tag Push Hook") => WebhookEventKind.Push,
            (Providers.GitHub or Providers.Gitea, "push") => WebhookEventKind.Push,
            _ => WebhookEventKind.Other,
        };
        if (kind != WebhookEventKind.Push)
            return (new WebhookEvent(kind, eventName), null);

        var gitRef = Str(root, "ref");
        var after = Str(root, "after")?.ToLowerInvariant();
        if (string.IsNullOrEmpty(gitRef))
            return (null, "the push payload has no 'ref'");
        if (after is null || !CommitId().IsMatch(after))
            return (null, "the push payload's 'after' is not a commit id");
        var deleted =
            after.All(c => c == '0')
            || (root.TryGetProperty("deleted", out var d) && d.ValueKind == JsonValueKind.True);
        var actor = provider switch
        {
            Providers.GitHub => Str(root, "pusher", "name") ?? Str(root, "sender", "login"),
            Providers.GitLab => Str(root, "user_username") ?? Str(root, "user_name"),
            _ => Str(root, "pusher", "login") ?? Str(root, "pusher", "username") ?? Str(root, "sender", "login"),
        };
        return (
            new WebhookEvent(kind, eventName, gitRef, after, deleted, $"{provider}:{Clean(actor ?? "unknown")}"),
            null
        );
    }

    // No payload field: a client that sent JSON with the form type (curl -d does), so read it as JSON.
    private static byte[] JsonBytes(string? contentType, byte[] body) => FormPayload(contentType, body) ?? body;

    /// <summary>
    /// The <c>payload</c> field of a form-encoded delivery (GitHub's and Gitea's "form" content type),
    /// decoded to its exact bytes; null when the body is not a form or has no such field.
    /// </summary>
    public static bool IsForm(string? contentType) =>
        contentType is not null
        && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    public static byte[]? FormPayload(string? contentType, byte[] body)
    {
        if (!IsForm(contentType))
            return null;
        var start = 0;
        while (start <= body.Length)
        {
            var end = Array.IndexOf(body, (byte)'&', start);
            if (end < 0)
                end = body.Length;
            var eq = Array.IndexOf(body, (byte)'=', start, end - start);
            if (eq > 0 && WebUtility.UrlDecode(Encoding.ASCII.GetString(body, start, eq - start)) == "payload")
                return WebUtility.UrlDecodeToBytes(body, eq + 1, end - eq - 1);
            start = end + 1;
        }
        return null;
    }

    private static string? Str(JsonElement e, params string[] path)
    {
        foreach (var p in path)
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e))
                return null;
        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }

    private static string Clean(string s)
    {
        var clean = new string(s.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length > 100 ? clean[..100] : clean;
    }
}

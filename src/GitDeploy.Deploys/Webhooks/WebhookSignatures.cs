using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace GitDeploy.Deploys.Webhooks;

/// <summary>
/// Each provider's proof that a delivery comes from it. GitHub: <c>X-Hub-Signature-256: sha256=HEX</c>,
/// the HMAC-SHA256 of the raw body with the secret. Gitea: <c>X-Gitea-Signature: HEX</c>, the same
/// HMAC, but a form-encoded Gitea delivery signs the JSON in its <c>payload</c> field, not the form body.
/// GitLab: <c>X-Gitlab-Token</c>, the secret itself. Every comparison is constant-time.
/// </summary>
public static class WebhookSignatures
{
    public static string HeaderName(string provider) =>
        provider switch
        {
            Providers.GitHub => "X-Hub-Signature-256",
            Providers.GitLab => "X-Gitlab-Token",
            Providers.Gitea => "X-Gitea-Signature",
            _ => "the secret token in the URL",
        };

    /// <summary>GitHub and Gitea sign the body; GitLab sends the secret itself (checked before the body).</summary>
    public static bool SignedWithHmac(string provider) => provider is Providers.GitHub or Providers.Gitea;

    /// <summary>The 32 bytes the signature header carries, or null when missing or malformed.</summary>
    public static byte[]? GivenHmac(string provider, IHeaderDictionary headers)
    {
        var prefix = provider == Providers.GitHub ? "sha256=" : "";
        var header = headers[HeaderName(provider)].ToString();
        if (!header.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        var hex = header.AsSpan(prefix.Length).Trim();
        if (hex.Length != 64)
            return null;
        var given = new byte[32];
        var status = Convert.FromHexString(hex, given, out _, out var written);
        return status == System.Buffers.OperationStatus.Done && written == 32 ? given : null;
    }

    /// <summary>Gitea signs a form delivery's <c>payload</c> field (the JSON), not the form body.</summary>
    public static bool FormPayloadSigned(string? contentType, byte[] body, string secret, byte[] given) =>
        WebhookPayloads.FormPayload(contentType, body) is { } payload
        && HmacMatches(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload), given);

    public static bool HmacMatches(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> given) =>
        CryptographicOperations.FixedTimeEquals(expected, given);

    /// <summary>Compares hashes of both, so neither the content nor the length of the secret leaks through
    /// timing.</summary>
    public static bool TokenMatches(string? given, string secret) =>
        !string.IsNullOrEmpty(given)
        && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(secret))
        );

    public static string Hmac(ReadOnlySpan<byte> body, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}

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
    public static string HeaderName(string provider) => provider switch
    {
        Providers.GitHub => "X-Hub-Signature-256",
        Providers.GitLab => "X-Gitlab-Token",
        Providers.Gitea => "X-Gitea-Signature",
        _ => "the secret token in the URL",
    };

    public static bool Verify(
        string provider, IHeaderDictionary headers, string? contentType, byte[] body, string secret) =>
        provider switch
        {
            Providers.GitHub => HmacMatches(headers[HeaderName(provider)].ToString(), "sha256=", body, secret),
            Providers.Gitea => HmacMatches(headers[HeaderName(provider)].ToString(), "", body, secret)
                || WebhookPayloads.FormPayload(contentType, body) is { } payload
                && HmacMatches(headers[HeaderName(provider)].ToString(), "", payload, secret),
            Providers.GitLab => TokenMatches(headers[HeaderName(provider)].ToString(), secret),
            _ => false,
        };

    /// <summary>Compares hashes of both, so neither the content nor the length of the secret leaks through timing.</summary>
    public static bool TokenMatches(string? given, string secret) =>
        !string.IsNullOrEmpty(given) &&
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string Hmac(ReadOnlySpan<byte> body, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static bool HmacMatches(string header, string prefix, ReadOnlySpan<byte> body, string secret)
    {
        if (!header.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var hex = header.AsSpan(prefix.Length).Trim();
        if (hex.Length != 64) return false;
        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32) return false;
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}

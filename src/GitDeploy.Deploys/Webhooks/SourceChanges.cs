using System.Security.Cryptography;
using System.Text.RegularExpressions;
using GitDeploy.State;

namespace GitDeploy.Deploys.Webhooks;

/// <summary>Validates a change against the current settings. Errors say what to give instead.</summary>
public static partial class SourceChanges
{
    [GeneratedRegex(@"^[A-Za-z0-9._~-]{16,200}\z")]
    private static partial Regex UrlSafeSecret();

    public static SourceChangeResult Apply(string app, SourceRecord? current, SourceChange change)
    {
        var url = current?.Url;
        var credentials = current?.Credentials;
        if (change.Url is not null)
        {
            var (clean, userInfo, error) = ValidateUrl(change.Url.Trim());
            if (error is not null)
                return Fail(error);
            // Stored credentials are for the old host: never send them to a new one unless given again.
            if (current is not null && Origin(current.Url) != Origin(clean!))
                credentials = null;
            url = clean;
            if (userInfo is not null)
            {
                if (change.Credentials is not null)
                    return Fail("give the credentials either in the URL or with --credentials, not both");
                credentials = userInfo;
            }
        }
        if (url is null)
            return Fail(
                "this app has no source yet: give --url (https://github.com/OWNER/REPO.git, "
                    + "http://…, or file:///path/to/repo.git)"
            );
        if (change.Credentials is not null)
        {
            if (change.Credentials.Any(char.IsControl))
                return Fail("credentials must be one line: TOKEN or USER:TOKEN");
            credentials = change.Credentials.Length == 0 ? null : change.Credentials;
        }

        var provider = change.Provider?.Trim().ToLowerInvariant() ?? current?.Provider ?? GuessProvider(url);
        if (!Providers.All.Contains(provider))
            return Fail($"'{change.Provider}' is not a provider: use {string.Join(", ", Providers.All)}");

        var branches = current?.Branches ?? BranchMapping.Default.Format();
        if (change.Branches is { Length: > 0 })
        {
            var (map, error) = BranchMapping.FromEntries(change.Branches);
            if (map is null)
                return Fail(error!);
            branches = map.Format();
        }

        if (change.Secret is not null && change.GenerateSecret)
            return Fail("give --secret or --generate-secret, not both");
        var generated = change.GenerateSecret || (change.Secret is null && current is null);
        var secret =
            change.Secret
            ?? (generated ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)) : current!.Secret);
        if (secret.Length < 16 || secret.Length > 200 || secret.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            return Fail(
                "the secret must be 16 to 200 characters without spaces; "
                    + "or let the server make one with --generate-secret"
            );
        if (provider == Providers.Generic && !UrlSafeSecret().IsMatch(secret))
            return Fail(
                "the generic deploy URL carries the secret, so it may only "
                    + "hold letters, digits and . _ ~ -; use --generate-secret"
            );

        return new(new SourceRecord(app, url, provider, branches, secret, credentials, ""), null, generated);
    }

    /// <summary>https, http or file URLs; user info is split off (it becomes the credentials) and never stored in the
    /// URL.</summary>
    public static (string? Clean, string? UserInfo, string? Error) ValidateUrl(string raw)
    {
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri))
            return (
                null,
                null,
                $"'{Redact.Text(raw)}' is not an absolute URL: use https://HOST/OWNER/REPO.git, "
                    + "http://… or file:///path/to/repo.git"
            );
        if (uri.Scheme is not ("https" or "http" or "file"))
            return (
                null,
                null,
                $"{uri.Scheme}:// sources are not supported: use an https://, "
                    + "http:// or file:// URL (for private repositories, a token "
                    + "with --credentials)"
            );
        if (uri.Scheme != "file" && string.IsNullOrEmpty(uri.Host))
            return (null, null, "the source URL has no host");
        if (uri.Fragment.Length > 0)
            return (null, null, "the source URL must not have a #fragment");
        var userInfo = uri.UserInfo.Length > 0 ? Uri.UnescapeDataString(uri.UserInfo) : null;
        var clean = uri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped);
        return (clean, userInfo, null);
    }

    private static string Origin(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) ? $"{u.Scheme}://{u.Authority}" : url;

    private static string GuessProvider(string url)
    {
        var host = Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Host.ToLowerInvariant() : "";
        if (host == "github.com" || host.EndsWith(".github.com", StringComparison.Ordinal))
            return Providers.GitHub;
        if (host.Contains("gitlab", StringComparison.Ordinal))
            return Providers.GitLab;
        if (host.Contains("gitea", StringComparison.Ordinal) || host == "codeberg.org")
            return Providers.Gitea;
        return Providers.Generic;
    }

    private static SourceChangeResult Fail(string error) => new(null, error);
}

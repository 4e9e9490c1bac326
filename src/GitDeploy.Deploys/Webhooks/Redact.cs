using System.Text.RegularExpressions;

namespace GitDeploy.Deploys.Webhooks;

/// <summary>Keeps credentials out of every message: user info in URLs and the token itself become "***".</summary>
public static partial class Redact
{
    [GeneratedRegex(@"(?<=\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s@]+@")]
    private static partial Regex UserInfo();

    public static string Text(string text, SourceCredential? credential = null)
    {
        text = UserInfo().Replace(text, "***@");
        if (credential is { Password.Length: >= 4 })
            text = text.Replace(credential.Password, "***", StringComparison.Ordinal);
        return text;
    }
}

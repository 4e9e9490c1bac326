using System.Collections;

namespace GitDeploy.Isolation.Processes;

/// <summary>
/// The one policy for the environment of every process the server starts (git, build steps, instances):
/// the server's own environment without what is only the server's business (git plumbing <c>GIT_*</c>, its
/// settings and secrets <c>GITDEPLOY*</c>, the .NET host's <c>DOTNET_*</c> and <c>ASPNETCORE_*</c>) and without
/// any platform variable the server happens to have (<c>LEANCLOUD*</c>, and <c>LC_*</c> but for the locale's
/// <c>LC_ALL</c>, <c>LC_CTYPE</c>, …): an app's platform variables come from its release, never from the
/// server. The dictionary holds null for each removed name (CliWrap and <c>ProcessStartInfo</c> then unset it);
/// callers add what their child needs on top.
/// </summary>
public static class ChildEnvironment
{
    private static readonly string[] ServerOnly = ["GIT_", "GITDEPLOY", "DOTNET_", "ASPNETCORE_", "LEANCLOUD"];

    private static readonly HashSet<string> Locale =
    [
        "LC_ALL", "LC_CTYPE", "LC_COLLATE", "LC_MESSAGES", "LC_MONETARY", "LC_NUMERIC", "LC_TIME", "LC_ADDRESS",
        "LC_IDENTIFICATION", "LC_MEASUREMENT", "LC_NAME", "LC_PAPER", "LC_TELEPHONE",
    ];

    /// <summary>The server's environment under this policy; <paramref name="keep"/> names exceptions.</summary>
    public static Dictionary<string, string?> Inherited(params string[] keep) =>
        From(Environment.GetEnvironmentVariables(), keep);

    /// <summary><paramref name="server"/> under this policy: the names to unset, as null values.</summary>
    public static Dictionary<string, string?> From(IDictionary server, IReadOnlyCollection<string> keep)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in server)
        {
            var key = (string)e.Key;
            if (!keep.Contains(key) && IsWithheld(key))
                env[key] = null;
        }
        return env;
    }

    /// <summary>Whether a child never inherits the server's <paramref name="key"/>.</summary>
    public static bool IsWithheld(string key) =>
        ServerOnly.Any(p => key.StartsWith(p, StringComparison.Ordinal))
        || (key.StartsWith("LC_", StringComparison.Ordinal) && !Locale.Contains(key));
}

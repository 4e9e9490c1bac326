using System.Collections;

namespace GitDeploy.Git;

/// <summary>The environment of every git the server runs: inherited GIT_* variables stripped, HOME pinned, no system
/// config.</summary>
public static class GitEnvironment
{
    public static Dictionary<string, string?> Base(string home)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var key = (string)e.Key;
            if (key.StartsWith("GIT_", StringComparison.Ordinal)) env[key] = null; // null removes it
        }
        env["HOME"] = home;
        env["GIT_CONFIG_NOSYSTEM"] = "1";
        return env;
    }
}

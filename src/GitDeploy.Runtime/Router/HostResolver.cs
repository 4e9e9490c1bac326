using GitDeploy.State;

namespace GitDeploy.Runtime.Router;

/// <summary>Maps a Host header to (app, environment), or to nothing (the platform's own API and git).</summary>
public static class HostResolver
{
    public static bool TryResolve(string host, string appsDomain, out string app, out string env)
    {
        app = env = "";
        host = host.TrimEnd('.').ToLowerInvariant();
        var suffix = "." + appsDomain.ToLowerInvariant();
        if (!host.EndsWith(suffix, StringComparison.Ordinal)) return false;
        var sub = host[..^suffix.Length];
        if (sub.Length == 0 || sub.Contains('.')) return false;
        if (sub.StartsWith("stg-", StringComparison.Ordinal))
        {
            app = sub[4..];
            env = Environments.Stage;
        }
        else
        {
            app = sub;
            env = Environments.Production;
        }
        return app.Length > 0;
    }
}

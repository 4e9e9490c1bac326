using System.Globalization;
using GitDeploy.State;

namespace GitDeploy.Deploys.Releases;

/// <summary>The variables Cloud Engine gives an app, with the deprecated LC_* aliases.</summary>
public static class AppEnvironment
{
    /// <summary>Names an app's own variables may not use: the platform sets them.</summary>
    public static bool IsReserved(string name) =>
        name.StartsWith("LEANCLOUD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("LC_", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("GITDEPLOY", StringComparison.OrdinalIgnoreCase) ||
        name is "PORT" or "HOME" or "TMPDIR" or "PATH" or "VIRTUAL_ENV";

    public static readonly System.Text.RegularExpressions.Regex NamePattern = new("^[A-Za-z_][A-Za-z0-9_]{0,127}$");

    public static Dictionary<string, string> For(AppRecord app, string env, string tag, PlatformOptions platform, string apiServer, IReadOnlyDictionary<string, string>? custom = null)
    {
        var cpus = platform.AppCpus.ToString(CultureInfo.InvariantCulture);
        var vars = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LEANCLOUD_APP_ID"] = app.AppId,
            ["LEANCLOUD_APP_KEY"] = app.AppKey,
            ["LEANCLOUD_APP_MASTER_KEY"] = app.MasterKey,
            ["LEANCLOUD_APP_HOOK_KEY"] = app.HookKey,
            ["LEANCLOUD_APP_ENV"] = env,
            ["LEANCLOUD_API_SERVER"] = apiServer,
            ["LEANCLOUD_APP_GROUP"] = "web",
            ["LEANCLOUD_REGION"] = platform.Region,
            ["LEANCLOUD_VERSION_TAG"] = tag,
            ["LEANCLOUD_AVAILABLE_CPUS"] = cpus,
            ["LEANCLOUD_APP_NAME"] = app.Name,
            ["LC_APP_ID"] = app.AppId,
            ["LC_APP_KEY"] = app.AppKey,
            ["LC_APP_MASTER_KEY"] = app.MasterKey,
            ["LC_APP_HOOK_KEY"] = app.HookKey,
            ["LC_APP_ENV"] = env,
            ["LC_API_SERVER"] = apiServer,
            ["TZ"] = platform.TimeZone,
        };
        // The app's own variables never override the built-ins (TZ excepted: it is only a default).
        foreach (var (k, v) in custom ?? new Dictionary<string, string>())
            if (!IsReserved(k) && (k == "TZ" || !vars.ContainsKey(k))) vars[k] = v;
        return vars;
    }
}

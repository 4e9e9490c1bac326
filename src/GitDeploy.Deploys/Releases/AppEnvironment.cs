using System.Globalization;
using GitDeploy.State;

namespace GitDeploy.Deploys.Releases;

/// <summary>The variables Cloud Engine gives an app, with the deprecated LC_* aliases.</summary>
public static class AppEnvironment
{
    public static Dictionary<string, string> For(AppRecord app, string env, string tag, PlatformOptions platform, string apiServer)
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
        return vars;
    }
}

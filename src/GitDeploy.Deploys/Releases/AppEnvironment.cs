using System.Globalization;
using System.Text;
using GitDeploy.State;

namespace GitDeploy.Deploys.Releases;

/// <summary>The variables Cloud Engine gives an app, with the deprecated LC_* aliases.</summary>
public static class AppEnvironment
{
    /// <summary>Names an app's own variables may not use: the platform sets them.</summary>
    public static bool IsReserved(string name) =>
        name.StartsWith("LEANCLOUD", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("LC_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("GITDEPLOY", StringComparison.OrdinalIgnoreCase)
        || name is "PORT" or "HOME" or "TMPDIR" or "PATH" or "VIRTUAL_ENV" or PersistentStorage.Variable;

    /// <summary>A value's limit, in UTF-8 bytes (Heroku allows 32 KB for all of an app's variables).</summary>
    public const int MaxValueBytes = 32 * 1024;

    /// <summary>The limit of one environment's variables, names and values together, in UTF-8 bytes.</summary>
    public const int MaxTotalBytes = 64 * 1024;

    /// <summary>Why a value cannot be stored, or null. A NUL is refused: an environment variable ends at it.</summary>
    public static string? ValueRefusal(string name, string? value) =>
        value is null ? $"{name} has no value: give it one (an empty string is fine) or unset it"
        : value.Contains('\0')
            ? $"the value of {name} contains a NUL character, where an environment variable would be cut; remove it"
        : Encoding.UTF8.GetByteCount(value) is var n && n > MaxValueBytes
            ? $"the value of {name} is {n} bytes; a value may have at most {MaxValueBytes} bytes (32 KiB): "
                + "keep large data in a file or a service and put its location in the variable"
        : null;

    /// <summary>Why an environment cannot hold these variables, or null: at most <see cref="MaxTotalBytes"/>.</summary>
    public static string? TotalRefusal(IReadOnlyDictionary<string, string> vars)
    {
        var total = vars.Sum(kv => Encoding.UTF8.GetByteCount(kv.Key) + Encoding.UTF8.GetByteCount(kv.Value));
        return total <= MaxTotalBytes
            ? null
            : $"the variables would take {total} bytes (names and values); an environment holds at most "
                + $"{MaxTotalBytes} bytes (64 KiB): unset some, or keep large data elsewhere";
    }

    public static readonly System.Text.RegularExpressions.Regex NamePattern = new(@"^[A-Za-z_][A-Za-z0-9_]{0,127}\z");

    public static Dictionary<string, string> For(
        AppRecord app,
        string env,
        string tag,
        PlatformOptions platform,
        string apiServer,
        IReadOnlyDictionary<string, string>? custom = null
    )
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
            if (!IsReserved(k) && (k == "TZ" || !vars.ContainsKey(k)))
                vars[k] = v;
        return vars;
    }
}

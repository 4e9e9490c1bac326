using GitDeploy.Isolation;
using GitDeploy.State;

namespace GitDeploy.Deploys.Releases;

/// <summary>
/// The opt-in persistent directory of an app environment: whether it has one and its quota (a setting),
/// its volume (mounted for the instances, shared by all of them, kept across deploys, rollbacks and
/// restarts), and what it uses. Cloud Engine's rule otherwise stands: an instance's files are temporary.
/// </summary>
public sealed class PersistentStorage(SettingsStore settings, PersistentVolumes volumes, Sandbox sandbox)
{
    /// <summary>Cloud Engine's figure: 1 GB.</summary>
    public const long DefaultQuota = 1L << 30;

    /// <summary>The variable that tells instances where their persistent directory is.</summary>
    public const string Variable = "PERSISTENT_DIR";

    private static string Key(string app, string env) => $"persistent:{app}:{env}";

    /// <summary>The quota of the environment's persistent directory, or null when it has none.</summary>
    public long? Quota(string app, string env) =>
        settings.Get(Key(app, env)) is { Length: > 0 } v && long.TryParse(v, out var q) ? q : null;

    /// <summary>Turns it on with a quota, or off (null). A quota below what the volume already has is
    /// refused.</summary>
    public string? Set(string app, string env, long? quota)
    {
        if (quota is null)
        {
            settings.Set(Key(app, env), "");
            return null;
        }
        if (quota < PersistentVolumes.MinimumBytes)
            return $"a persistent directory needs at least 16M, not {quota} bytes";
        if (volumes.Size(app, env) is { } size && size > quota)
            return $"the persistent directory of {app} ({env}) already has {ResourceLimits.Describe(size)}: "
                + "a quota cannot shrink (it can grow)";
        settings.Set(Key(app, env), quota.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return null;
    }

    /// <summary>The mounted directory for the environment's instances, or null when it has none.</summary>
    public async Task<string?> PrepareAsync(AppRecord app, string env, CancellationToken ct) =>
        Quota(app.Name, env) is { } quota
            ? await volumes.EnsureAsync(app.Name, env, quota, sandbox.UidFor(app.Number), ct)
            : null;

    public (long Used, long Size)? Usage(string app, string env) => volumes.Usage(app, env);

    public Task ForgetAsync(string app) => volumes.DeleteAsync(app);
}

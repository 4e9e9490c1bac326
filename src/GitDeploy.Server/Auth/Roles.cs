namespace GitDeploy.Server.Auth;

/// <summary>
/// admin: everything; deployer: push, deploy, logs; release-manager: rollback, promote, restart,
/// scale, config, logs; viewer: read only (apps, releases, deploys, instances, history; not logs or config);
/// metrics: only the Prometheus text at /metrics (for a scraper).
/// </summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Deployer = "deployer";
    public const string ReleaseManager = "release-manager";
    public const string Viewer = "viewer";
    public const string Metrics = "metrics";
    public static readonly IReadOnlyList<string> All = [Admin, Deployer, ReleaseManager, Viewer, Metrics];

    public static bool Allows(string role, Permission p) => role switch
    {
        Admin => true,
        Deployer => p is Permission.Read or Permission.Logs or Permission.Deploy,
        ReleaseManager => p is Permission.Read or Permission.Logs or Permission.Release or Permission.Config,
        Viewer => p is Permission.Read,
        Metrics => p is Permission.Metrics,
        _ => false,
    };

    /// <summary>The role that has this permission with the least else, for error messages.</summary>
    public static string Needed(Permission p) => p switch
    {
        Permission.Read => Viewer,
        Permission.Logs or Permission.Deploy => Deployer,
        Permission.Release or Permission.Config => ReleaseManager,
        Permission.Metrics => Metrics,
        _ => Admin,
    };
}

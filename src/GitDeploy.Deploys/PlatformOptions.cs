namespace GitDeploy.Deploys;

/// <summary>Settings of the platform as an app sees it (Cloud Engine's runtime environment).</summary>
public sealed class PlatformOptions
{
    public required string DataDir { get; init; }
    public string Region { get; set; } = "CN";
    /// <summary>Cloud Engine (CN) runs apps in UTC+8.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
    public int AppCpus { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 2);
    /// <summary>LEANCLOUD_API_SERVER; empty: this server's own URL.</summary>
    public string ApiServer { get; set; } = "";

    /// <summary>Releases kept per app besides the pinned and live ones.</summary>
    public int KeepReleases { get; set; } = 10;

    public string ReleasesDir => Path.Combine(DataDir, "releases");
    public string DeployLogsDir => Path.Combine(DataDir, "logs", "deploys");
    public string BuildsDir => Path.Combine(DataDir, "builds");
}

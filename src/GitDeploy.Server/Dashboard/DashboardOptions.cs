namespace GitDeploy.Server.Dashboard;

/// <summary>The dashboard's settings, with their defaults.</summary>
public sealed class DashboardOptions
{
    /// <summary>A session ends this long after sign-in (or at once when its token is revoked).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Sessions kept at most; past that the oldest ones end (sessions live in memory).</summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>The largest form the dashboard reads (a config value is at most 32 KiB).</summary>
    public long MaxFormBytes { get; set; } = 256 * 1024;

    /// <summary>Log lines a logs page shows and a download holds at most.</summary>
    public int MaxLogLines { get; set; } = 10_000;

    /// <summary>A comment line on an idle event stream this often, so proxies keep it open.</summary>
    public TimeSpan StreamKeepAlive { get; set; } = TimeSpan.FromSeconds(15);
}

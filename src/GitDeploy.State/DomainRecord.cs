namespace GitDeploy.State;

public sealed record DomainRecord(
    string Domain,
    string App,
    string Env,
    bool ForceHttps,
    string CreatedAt,
    string Https = HttpsModes.Manual
)
{
    /// <summary>For Dapper: SQLite returns the flag as an integer.</summary>
    public DomainRecord(string domain, string app, string env, long forceHttps, string createdAt, string https)
        : this(domain, app, env, forceHttps != 0, createdAt, https) { }
}

namespace GitDeploy.State;

public sealed record ReleaseRecord(
    string App,
    string Tag,
    string CommitSha,
    string Message,
    string Actor,
    long DeployId,
    string Status,
    double BuildSeconds,
    string CreatedAt,
    bool Pinned = false,
    bool Pruned = false
)
{
    /// <summary>For Dapper: SQLite returns the flags as integers.</summary>
    public ReleaseRecord(
        string app,
        string tag,
        string commitSha,
        string message,
        string actor,
        long deployId,
        string status,
        double buildSeconds,
        string createdAt,
        long pinned,
        long pruned
    )
        : this(app, tag, commitSha, message, actor, deployId, status, buildSeconds, createdAt, pinned != 0, pruned != 0)
    { }
}

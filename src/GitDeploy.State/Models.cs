namespace GitDeploy.State;

/// <param name="Number">The app's row number: names its own user in the sandbox (uid = base + number).</param>
public sealed record AppRecord(
    string Name,
    string CreatedAt,
    string AppId,
    string AppKey,
    string MasterKey,
    string HookKey,
    long Number = 0
);

public sealed record DeployRecord(
    long Id,
    string App,
    string Env,
    string Ref,
    string CommitSha,
    string Trigger,
    string Actor,
    string Status,
    string? Tag,
    string? Error,
    string StartedAt,
    string? FinishedAt
);

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

public sealed record InstanceRecord(
    string Id,
    string App,
    string Env,
    string Name,
    string Tag,
    long Pid,
    long PidStartTicks,
    long Port,
    string StartedAt
);

public static class DeployStatus
{
    public const string Queued = "queued";
    public const string Building = "building";
    public const string Deploying = "deploying";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

public static class Environments
{
    public const string Production = "production";
    public const string Stage = "stage";
    public static readonly IReadOnlyList<string> All = [Production, Stage];
}

public static class ReleaseStatus
{
    public const string Built = "built";
    public const string Deployed = "deployed";
    public const string FailedToStart = "failed-to-start";
}

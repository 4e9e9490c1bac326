namespace GitDeploy.State;

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

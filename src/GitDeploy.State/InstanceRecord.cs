namespace GitDeploy.State;

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

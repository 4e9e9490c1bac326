namespace GitDeploy.Runtime.Supervisor;

/// <summary>
/// One row of `gitdeploy ps`; memory in bytes (its use now, as its cgroup counts it, and its limit); CPU in
/// percent of one core since the previous look (at least a second before) or, at the first, since its start;
/// <paramref name="Node"/>: where it runs when that is not this server (a swarm node: "HOSTNAME (ADDRESS)").
/// </summary>
public sealed record InstanceStatus(
    string Name, string Env, string Tag, int Pid, int Port, string State, int Restarts, string? LastExit,
    double UptimeSeconds, long? MemoryBytes = null, GitDeploy.Isolation.ResourceLimits? Limits = null,
    double? CpuPercent = null, string? Node = null);

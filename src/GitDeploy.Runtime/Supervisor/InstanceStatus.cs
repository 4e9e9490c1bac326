namespace GitDeploy.Runtime.Supervisor;

/// <summary>One row of `gitdeploy ps`.</summary>
public sealed record InstanceStatus(
    string Name, string Env, string Tag, int Pid, int Port, string State, int Restarts, string? LastExit, double UptimeSeconds);

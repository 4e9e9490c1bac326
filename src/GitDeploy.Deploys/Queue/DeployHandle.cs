namespace GitDeploy.Deploys.Queue;

/// <summary>A deploy under way: its id, its live log, and its end.</summary>
public sealed record DeployHandle(long Id, DeployLog Log, Task<bool> Completion);

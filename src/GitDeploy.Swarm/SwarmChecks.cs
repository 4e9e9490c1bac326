using GitDeploy.Runtime.Supervisor;

namespace GitDeploy.Swarm;

/// <summary>What every instance's checks use: GitDeploy's startup check (its own HTTP client) and the
/// settings.</summary>
public sealed record SwarmChecks(StartupCheck Startup, SwarmOptions Swarm, SupervisorOptions Supervisor);

using GitDeploy.Deploys.Releases;
using GitDeploy.Runtime.Supervisor;
using GitDeploy.Runtime.Targets;

namespace GitDeploy.Server.Api;

public sealed record ScaleRequest(int Count, string? Env);

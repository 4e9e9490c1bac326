using GitDeploy.Deploys.Queue;
using GitDeploy.Deploys.Releases;
using GitDeploy.Git;
using GitDeploy.Git.Repos;
using GitDeploy.Server.Api.Contracts;

namespace GitDeploy.Server.Api;

public sealed record DeployRefRequest(string? Ref, string? Env);

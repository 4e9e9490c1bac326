using System.Security.Cryptography;
using GitDeploy.Deploys.Queue;
using GitDeploy.Deploys.Releases;
using GitDeploy.Deploys.Webhooks;
using GitDeploy.Git;
using GitDeploy.Git.Repos;
using GitDeploy.Runtime.Supervisor;

namespace GitDeploy.Server.Api;

public sealed record CreateAppRequest(string? Name);

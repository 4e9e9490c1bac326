namespace GitDeploy.Server.Api;

public sealed record DeployRefRequest(string? Ref, string? Env);

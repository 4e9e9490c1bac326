namespace GitDeploy.Server.Api;

public sealed record CreateAppRequest(string? Name);

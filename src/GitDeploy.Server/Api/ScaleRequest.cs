namespace GitDeploy.Server.Api;

public sealed record ScaleRequest(int Count, string? Env);

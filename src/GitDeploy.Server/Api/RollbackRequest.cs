namespace GitDeploy.Server.Api;

public sealed record RollbackRequest(string? Tag, string? Env, bool WithConfig = false);

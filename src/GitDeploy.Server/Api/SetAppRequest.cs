namespace GitDeploy.Server.Api;

public sealed record SetAppRequest(Dictionary<string, string>? Branches, bool? StrictPush, string? Target = null);

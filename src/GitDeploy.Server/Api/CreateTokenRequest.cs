namespace GitDeploy.Server.Api;

public sealed record CreateTokenRequest(string? Name, string? Role, string? App);

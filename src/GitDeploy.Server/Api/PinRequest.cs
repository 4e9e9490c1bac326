namespace GitDeploy.Server.Api;

public sealed record PinRequest(bool Pinned = true);

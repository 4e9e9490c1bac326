namespace GitDeploy.Server.Api;

public sealed record AddDomainRequest(string? Domain, string? Env, bool ForceHttps = false, string? Https = null);

namespace GitDeploy.Server.Api;

/// <summary>What PATCH changes; a field left out stays as it is.</summary>
public sealed record DomainSettings(bool? ForceHttps = null, string? Https = null);

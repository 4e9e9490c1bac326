namespace GitDeploy.Server.Api;

/// <param name="Quota">"1G", "512M", "on" (the 1 GB default) or "off".</param>
public sealed record PersistentRequest(string? Env, string? Quota);

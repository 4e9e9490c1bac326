namespace GitDeploy.Server.Auth;

/// <summary>Endpoint metadata: the permission an /api/ endpoint needs. An /api/ endpoint without it is refused (fail
/// closed).</summary>
public sealed record PermissionRequirement(Permission Permission);

namespace GitDeploy.Server.Dashboard.Views;

/// <summary>A config variable; its value only for a token that may see it (null otherwise).</summary>
public sealed record ConfigVar(string Name, string? Value);

namespace GitDeploy.Server.Api.Contracts;

/// <summary>An app as the API shows it (list: the first four; one app: all) and the CLI reads it.</summary>
public sealed record AppView(
    string Name, string CreatedAt, string? Production, string? Stage, string? GitUrl = null,
    Dictionary<string, string>? Branches = null, bool? StrictPush = null, string? Target = null);

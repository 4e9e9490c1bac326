namespace GitDeploy.Server.Api;

public sealed record SourceRequest(
    string? Url,
    string? Provider,
    string[]? Branches,
    string? Secret,
    bool? GenerateSecret,
    string? Credentials
);

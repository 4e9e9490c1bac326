namespace GitDeploy.State;

/// <summary>
/// Where an app's code lives when it is not pushed here (GitHub, GitLab, Gitea, any git URL).
/// <see cref="Branches"/> is "branch=env" pairs joined by ','; <see cref="Credentials"/> is
/// "user:token" or null, and is never returned by the API.
/// </summary>
public sealed record SourceRecord(
    string App,
    string Url,
    string Provider,
    string Branches,
    string Secret,
    string? Credentials,
    string UpdatedAt
);

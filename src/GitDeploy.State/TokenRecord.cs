namespace GitDeploy.State;

public sealed record TokenRecord(
    long Id,
    string Name,
    string Role,
    string? App,
    string TokenSha256,
    string CreatedBy,
    string CreatedAt
);

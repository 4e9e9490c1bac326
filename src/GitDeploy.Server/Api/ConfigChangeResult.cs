namespace GitDeploy.Server.Api;

public sealed record ConfigChangeResult(
    bool Ok,
    int Status,
    string Message,
    IReadOnlyList<string> Set,
    IReadOnlyList<string> Unset
);

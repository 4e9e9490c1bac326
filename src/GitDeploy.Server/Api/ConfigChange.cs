namespace GitDeploy.Server.Api;

public sealed record ConfigChange(
    string? Env,
    Dictionary<string, string>? Set,
    List<string>? Unset,
    bool Restart = false
);

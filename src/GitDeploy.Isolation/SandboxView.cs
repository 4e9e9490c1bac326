namespace GitDeploy.Isolation;

/// <summary>
/// What one sandboxed process tree sees: read-only system paths and interpreters (always), plus the
/// paths named here, each at its own path; nothing else of the host's file system. It runs as
/// <see cref="Uid"/> (the app's own user; null = the server's user, when the server is not root).
/// </summary>
public sealed record SandboxView
{
    /// <summary>Unique per process tree on this server: names its cgroup.</summary>
    public required string Name { get; init; }
    public int? Uid { get; init; }
    public IReadOnlyList<string> Writable { get; init; } = [];
    public IReadOnlyList<string> ReadOnly { get; init; } = [];
    public required ResourceLimits Limits { get; init; }
}

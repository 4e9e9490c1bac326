namespace GitDeploy.Git.Repos;

/// <summary>Where the app repositories live and where their hooks come from.</summary>
public sealed record RepoOptions
{
    public required string ReposRoot { get; init; }
    /// <summary>The hooks shipped with the server (<c>hooks/</c> beside the executable).</summary>
    public required string HooksSource { get; init; }
    /// <summary>The installed copy every repository's <c>core.hooksPath</c> names.</summary>
    public required string HooksDir { get; init; }
    /// <summary>git's <c>receive.maxInputSize</c>: the largest push.</summary>
    public long MaxPushBytes { get; init; } = 2L * 1024 * 1024 * 1024;
}

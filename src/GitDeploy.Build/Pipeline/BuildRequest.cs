namespace GitDeploy.Build.Pipeline;

public sealed record BuildRequest
{
    public required string App { get; init; }
    /// <summary>The checked-out source: becomes the release's app directory.</summary>
    public required string SourceDir { get; init; }
    /// <summary>Scratch space for this build, deleted afterwards.</summary>
    public required string WorkDir { get; init; }
    public bool PrintBuildLogs { get; init; }
    public bool NoCache { get; init; }
    /// <summary>The app's own user (uid = gid) its build steps run as; null: the server's user.</summary>
    public int? Uid { get; init; }
    /// <summary>Only the dependency environment (of a stored release whose one is gone): no build steps.</summary>
    public bool EnvironmentOnly { get; init; }
    /// <summary>Built-in and custom variables, given to install and build only with
    /// exposeEnvironmentsOnBuild.</summary>
    public IReadOnlyDictionary<string, string> AppEnvironment { get; init; } = new Dictionary<string, string>();
}

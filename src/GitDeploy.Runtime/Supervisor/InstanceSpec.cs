namespace GitDeploy.Runtime.Supervisor;

/// <summary>What to run: a release of an app in one environment. Immutable.</summary>
public sealed record InstanceSpec
{
    public required string App { get; init; }
    public required string Env { get; init; }
    public required string Tag { get; init; }
    /// <summary>The release's stored source tree; each instance runs in its own copy of it.</summary>
    public required string SourceDir { get; init; }
    /// <summary>The app's directory inside the source tree (leanengine.yaml buildRoot), "." by default.</summary>
    public string AppSubdir { get; init; } = ".";
    /// <summary>The release's dependency environment: read-only in the sandbox.</summary>
    public required string EnvironmentDir { get; init; }
    /// <summary>Directories put first on PATH (the buildpack's run environment).</summary>
    public IReadOnlyList<string> PathPrefix { get; init; } = [];
    /// <summary>The buildpack's variables: set after the app's own, before the platform's PORT, HOME, TMPDIR.</summary>
    public IReadOnlyDictionary<string, string> RunVariables { get; init; } = new Dictionary<string, string>();
    /// <summary>Names in the app's directory made links to these paths (in the environment) at each start.</summary>
    public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>();
    public required string StartCommand { get; init; }
    /// <summary>The environment's persistent directory (mounted, shared by its instances), or null.</summary>
    public string? PersistentDir { get; init; }
    /// <summary>The app's own user (uid = gid) its sandbox runs as; null: the server's user.</summary>
    public int? Uid { get; init; }
    public required TimeSpan StartupTimeout { get; init; }
    public required bool StrictPing { get; init; }
    /// <summary>The app's own check path (leanengine.yaml healthCheckPath), asked instead of the ping and /.</summary>
    public string? CheckPath { get; init; }
    /// <summary>Whether the SDK's cloud-function list is read after the startup check, and whether it must
    /// answer.</summary>
    public FunctionsMetadata Functions { get; init; } = FunctionsMetadata.Optional;
    /// <summary>LEANCLOUD_* and the app's own variables; the supervisor adds the port, HOME and TMPDIR.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
}

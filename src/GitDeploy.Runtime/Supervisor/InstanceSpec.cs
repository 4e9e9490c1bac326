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

/// <summary>
/// After an instance starts, Cloud Engine reads <c>/1.1/functions/_ops/metadatas</c> with the master
/// key: <see cref="Optional"/> notes the answer (404: no functions), <see cref="Required"/>
/// (functionsMode: strict) fails the start without a 2xx, <see cref="Skip"/> (disabled) never asks.
/// </summary>
public enum FunctionsMetadata { Optional, Required, Skip }

public sealed class SupervisorOptions
{
    public string InstancesRoot { get; set; } = "instances";
    /// <summary>Cloud Engine keeps an old instance at least 30 s after the new one is healthy.</summary>
    public TimeSpan DrainPeriod { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Time between SIGTERM and SIGKILL.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Cloud Engine probes every second; probing more often only makes deploys finish sooner.</summary>
    public TimeSpan StartupProbeInterval { get; set; } = TimeSpan.FromMilliseconds(250);
    /// <summary>Address apps bind with the default start; the router is on this host, so loopback by default.</summary>
    public string AppHost { get; set; } = "127.0.0.1";

    /// <summary>
    /// Health checks after the startup check: every 10 s, 5 s to answer, unhealthy after 3 failures
    /// in a row. A hung app is replaced within about 35 s (Cloud Engine checks "every few minutes"),
    /// while one slow request or a GC pause never causes a restart.
    /// </summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(5);
    public int HealthFailures { get; set; } = 3;

    /// <summary>Restart back-off of a crashing instance: at once, then 1 s doubling to 60 s; reset after 60 s
    /// up.</summary>
    public TimeSpan BackoffInitial { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan BackoffCap { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan BackoffResetAfter { get; set; } = TimeSpan.FromSeconds(60);

    public const int MaxInstances = 12;
}

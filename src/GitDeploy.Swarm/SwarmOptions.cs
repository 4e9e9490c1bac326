namespace GitDeploy.Swarm;

/// <summary>
/// The swarm target's settings (<c>gitdeploy serve --swarm-host … --swarm-registry … --swarm-base-image …</c>).
/// The target exists only when <see cref="Host"/> is given.
/// </summary>
public sealed record SwarmOptions
{
    /// <summary>A swarm manager's Docker API: <c>unix:///var/run/docker.sock</c> or <c>tcp://HOST:2375</c>.</summary>
    public string? Host { get; init; }

    public const string DefaultRegistry = "127.0.0.1:5000";
    public const string DefaultBaseImage = "gitdeploy/base:bookworm";

    /// <summary>
    /// HOST:PORT of the registry the server pushes to and the nodes pull from (the same name for both).
    /// HTTPS, except for loopback addresses and an explicit <c>http://HOST:PORT</c>.
    /// </summary>
    public string Registry { get; init; } = DefaultRegistry;

    /// <summary>REPOSITORY:TAG in <see cref="Registry"/> that every release image is built on.</summary>
    public string BaseImage { get; init; } = DefaultBaseImage;

    /// <summary>Where layers and image records are kept (DATA/swarm).</summary>
    public string StateDir { get; init; } = "swarm";

    /// <summary>Host ports handed to instances, in blocks of <see cref="PortBlock"/> per rollout.</summary>
    public int PortsFrom { get; init; } = 20000;
    public int PortsTo { get; init; } = 29999;
    public const int PortBlock = 20;

    /// <summary>How often tasks and nodes are read from the manager.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
    /// <summary>How often each routed instance's port is connected to; unrouted after two failures in a row.</summary>
    public TimeSpan ConnectInterval { get; init; } = TimeSpan.FromSeconds(1);
    public int ConnectFailures { get; init; } = 2;

    /// <summary>Connects in a row that time out (not refused) before an instance is unreachable.</summary>
    public int ConnectTimeouts { get; init; } = 5;
    /// <summary>A stopping task keeps serving at least this long, so the router has moved away before
    /// SIGTERM.</summary>
    public TimeSpan MinimumDrain { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Time a node may take to pull a release image, on top of the startup timeout.</summary>
    public TimeSpan PullAllowance { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>Swarm's update monitor: a new task that fails this soon after it started rolls the update
    /// back.</summary>
    public TimeSpan UpdateMonitor { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Docker's health check interval (it reads the instance's own check result; the first runs after
    /// it).</summary>
    public TimeSpan HealthcheckInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Swarm's restart delay of an exited task (fixed: Swarm has no back-off).</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Why the server cannot run with these settings, named by option; empty when they are good.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Host is null) return problems;
        if (!Uri.TryCreate(Host, UriKind.Absolute, out var host) || host.Scheme is not ("unix" or "tcp"))
            problems.Add($"--swarm-host must be unix:///PATH/docker.sock or tcp://HOST:PORT, not '{Host}'");
        if (RegistryAddress.Parse(Registry) is null)
            problems.Add("--swarm-registry must be HOST:PORT (or http://HOST:PORT for a plain-HTTP registry), " +
                $"not '{Registry}'");
        if (ImageName.Parse(BaseImage) is null)
            problems.Add("--swarm-base-image must be REPOSITORY:TAG in the swarm registry, " +
                $"such as {DefaultBaseImage}, " +
                $"not '{BaseImage}'");
        return problems;
    }
}

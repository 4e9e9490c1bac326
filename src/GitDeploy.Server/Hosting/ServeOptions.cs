using GitDeploy.Build.Pipeline;
using GitDeploy.Deploys;
using GitDeploy.Runtime.Router;
using GitDeploy.Runtime.Supervisor;

namespace GitDeploy.Server.Hosting;

/// <summary>
/// Everything <c>gitdeploy serve</c> takes. The defaults are each feature's own (its options class says
/// them once); <see cref="Problems"/> names every value a server cannot run with, before it starts.
/// </summary>
public sealed record ServeOptions
{
    private static readonly SupervisorOptions Supervisor = new();
    private static readonly RouterOptions Router = new();
    private static readonly BuildOptions Build = new();
    private static readonly PlatformOptions Platform = new() { DataDir = "" };

    public static string DefaultDataDir =>
        Environment.GetEnvironmentVariable("GITDEPLOY_DATA") is { Length: > 0 } d
            ? d
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".gitdeploy");

    public const string DefaultUrls = "http://127.0.0.1:8080";

    public string DataDir { get; init; } = DefaultDataDir;
    public string Urls { get; init; } = DefaultUrls;
    public string AppsDomain { get; init; } = Router.AppsDomain;

    /// <summary>Fixed admin token (GITDEPLOY_ADMIN_TOKEN); otherwise one is generated on first start.</summary>
    public string? AdminToken { get; init; } = Environment.GetEnvironmentVariable("GITDEPLOY_ADMIN_TOKEN");
    public TimeSpan DrainPeriod { get; init; } = Supervisor.DrainPeriod;
    public TimeSpan StopGracePeriod { get; init; } = Supervisor.StopGracePeriod;
    public TimeSpan HealthInterval { get; init; } = Supervisor.HealthInterval;
    public TimeSpan HealthTimeout { get; init; } = Supervisor.HealthTimeout;
    public int HealthFailures { get; init; } = Supervisor.HealthFailures;
    public TimeSpan BackoffInitial { get; init; } = Supervisor.BackoffInitial;
    public TimeSpan BackoffCap { get; init; } = Supervisor.BackoffCap;

    /// <summary>PEM certificate file or directory for https:// listeners (chosen by SNI).</summary>
    public string? CertificatesPath { get; init; }

    /// <summary>Automatic HTTPS: the ACME CA, the account e-mail, a trusted CA file (serve --acme-*).</summary>
    public GitDeploy.Server.Acme.AcmeOptions Acme { get; init; } = new();

    /// <summary>Host names of the platform itself (API, git, webhooks) besides IP literals and localhost.</summary>
    public IReadOnlyList<string> PlatformHosts { get; init; } = [];

    /// <summary>Proxies in front of GitDeploy whose forwarding headers are believed.</summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];
    public TimeSpan ResponseTimeout { get; init; } = Router.ResponseTimeout;
    public long MaxRequestBodyBytes { get; init; } = Router.MaxRequestBodyBytes;

    /// <summary>Releases kept per app besides the pinned and live ones.</summary>
    public int KeepReleases { get; init; } = Platform.KeepReleases;

    /// <summary>TZ of the apps; Cloud Engine (CN) runs them in UTC+8.</summary>
    public string TimeZone { get; init; } = Platform.TimeZone;
    public string AppHost { get; init; } = Supervisor.AppHost;
    public TimeSpan BuildStepTimeout { get; init; } = Build.StepTimeout;

    /// <summary>Builds of different apps at once (serve --parallel-builds).</summary>
    public int ParallelBuilds { get; init; } = Build.ParallelBuilds;

    /// <summary>systemDependencies: the name → Debian packages map, and whether apt-get may install (serve
    /// --allow-system-packages).</summary>
    public GitDeploy.Build.SystemPackages.SystemPackagesOptions SystemPackages { get; init; } = new();

    /// <summary>Where hooks/ and buildpacks/ are read from (next to the executable).</summary>
    public string ContentRoot { get; init; } = AppContext.BaseDirectory;

    /// <summary>Each app's sandbox: bubblewrap, its own user, cgroup limits (serve --sandbox, --instance-memory
    /// …).</summary>
    public GitDeploy.Isolation.SandboxOptions Sandbox { get; init; } = new();

    /// <summary>Whether the router records request metrics for the dashboard and /metrics (serve
    /// --request-metrics).</summary>
    public bool RequestMetrics { get; init; } = true;

    /// <summary>The swarm release target's manager, registry and base image (serve --swarm-host …); none by
    /// default.</summary>
    public GitDeploy.Swarm.SwarmOptions Swarm { get; init; } = new();

    /// <summary>Log to the console too (the server command); tests turn it off.</summary>
    public bool ConsoleLog { get; init; } = true;

    /// <summary>Each value the server cannot run with, named by its <c>serve</c> option; empty when all are
    /// good.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Check(bool ok, string option, string rule, object value)
        {
            if (!ok)
                problems.Add($"{option} must be {rule}, not {value}");
        }
        Check(DrainPeriod >= TimeSpan.Zero, "--drain-seconds", "0 or more", DrainPeriod.TotalSeconds);
        Check(StopGracePeriod >= TimeSpan.Zero, "--stop-grace-seconds", "0 or more", StopGracePeriod.TotalSeconds);
        Check(HealthInterval > TimeSpan.Zero, "--health-interval-seconds", "more than 0", HealthInterval.TotalSeconds);
        Check(HealthTimeout > TimeSpan.Zero, "--health-timeout-seconds", "more than 0", HealthTimeout.TotalSeconds);
        Check(HealthFailures >= 1, "--health-failures", "1 or more", HealthFailures);
        Check(
            ResponseTimeout > TimeSpan.Zero,
            "--response-timeout-seconds",
            "more than 0",
            ResponseTimeout.TotalSeconds
        );
        Check(KeepReleases >= 1, "--keep-releases", "1 or more", KeepReleases);
        Check(
            BuildStepTimeout > TimeSpan.Zero,
            "--build-timeout-minutes",
            "more than 0",
            BuildStepTimeout.TotalMinutes
        );
        Check(ParallelBuilds is >= 1 and <= 64, "--parallel-builds", "1 to 64", ParallelBuilds);
        Check(
            BackoffInitial > TimeSpan.Zero && BackoffCap >= BackoffInitial,
            "restart back-off",
            "positive, cap ≥ initial",
            $"{BackoffInitial.TotalSeconds}/{BackoffCap.TotalSeconds} s"
        );
        Check(
            AppsDomain.Length > 0 && Uri.CheckHostName(AppsDomain) == UriHostNameType.Dns,
            "--apps-domain",
            "a DNS name such as apps.example.com",
            $"'{AppsDomain}'"
        );
        problems.AddRange(Swarm.Problems());
        if (!KnownTimeZone(TimeZone))
            problems.Add($"--timezone must be an IANA time zone such as Asia/Shanghai or UTC, not '{TimeZone}'");
        return problems;
    }

    private static bool KnownTimeZone(string id)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }
}

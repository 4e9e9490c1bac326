namespace GitDeploy.Server.Hosting;

/// <summary>Everything <c>gitdeploy serve</c> takes; defaults are the documented ones.</summary>
public sealed record ServeOptions
{
    public static string DefaultDataDir =>
        Environment.GetEnvironmentVariable("GITDEPLOY_DATA") is { Length: > 0 } d ? d
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".gitdeploy");

    public const string DefaultUrls = "http://127.0.0.1:8080";

    public string DataDir { get; init; } = DefaultDataDir;
    public string Urls { get; init; } = DefaultUrls;
    public string AppsDomain { get; init; } = "localhost";
    /// <summary>Fixed admin token (GITDEPLOY_ADMIN_TOKEN); otherwise one is generated on first start.</summary>
    public string? AdminToken { get; init; } = Environment.GetEnvironmentVariable("GITDEPLOY_ADMIN_TOKEN");
    public TimeSpan DrainPeriod { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public int HealthFailures { get; init; } = 3;
    public TimeSpan BackoffInitial { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>PEM certificate file or directory for https:// listeners (chosen by SNI).</summary>
    public string? CertificatesPath { get; init; }
    /// <summary>Automatic HTTPS: the ACME CA, the account e-mail, a trusted CA file (serve --acme-*).</summary>
    public GitDeploy.Server.Acme.AcmeOptions Acme { get; init; } = new();
    /// <summary>Host names of the platform itself (API, git, webhooks) besides IP literals and localhost.</summary>
    public IReadOnlyList<string> PlatformHosts { get; init; } = [];
    /// <summary>Proxies in front of GitDeploy whose forwarding headers are believed.</summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public long MaxRequestBodyBytes { get; init; } = 100L * 1024 * 1024;
    /// <summary>Releases kept per app besides the pinned and live ones.</summary>
    public int KeepReleases { get; init; } = 10;
    /// <summary>TZ of the apps; Cloud Engine (CN) runs them in UTC+8.</summary>
    public string TimeZone { get; init; } = "Asia/Shanghai";
    public string AppHost { get; init; } = "127.0.0.1";
    public TimeSpan BuildStepTimeout { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>Builds of different apps at once (serve --parallel-builds).</summary>
    public int ParallelBuilds { get; init; } = GitDeploy.Build.Pipeline.BuildOptions.DefaultParallelBuilds;
    /// <summary>systemDependencies: the name → Debian packages map, and whether apt-get may install (serve --allow-system-packages).</summary>
    public GitDeploy.Build.SystemPackages.SystemPackagesOptions SystemPackages { get; init; } = new();
    /// <summary>Where hooks/ and buildpacks/ are read from (next to the executable).</summary>
    public string ContentRoot { get; init; } = AppContext.BaseDirectory;
    /// <summary>Each app's sandbox: bubblewrap, its own user, cgroup limits (serve --sandbox, --instance-memory …).</summary>
    public GitDeploy.Isolation.SandboxOptions Sandbox { get; init; } = new();
    /// <summary>Log to the console too (the server command); tests turn it off.</summary>
    public bool ConsoleLog { get; init; } = true;
}

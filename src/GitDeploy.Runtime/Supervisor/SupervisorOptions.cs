namespace GitDeploy.Runtime.Supervisor;

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

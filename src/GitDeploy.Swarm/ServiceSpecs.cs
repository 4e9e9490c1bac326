using System.Globalization;
using Docker.DotNet.Models;
using GitDeploy.Isolation;
using GitDeploy.Runtime.Supervisor;

namespace GitDeploy.Swarm;

/// <summary>
/// The Swarm service of one environment of an app: replicated, on host networking (each instance
/// listens on its node's own addresses, at the port block's base + its slot), with Docker's init,
/// GitDeploy's entrypoint and health signal, start-first updates that roll back on failure, Swarm's
/// restarts, and the sandbox's memory and process limits.
/// </summary>
public static class ServiceSpecs
{
    public const string AppLabel = "gitdeploy.app";
    public const string EnvLabel = "gitdeploy.env";
    public const string TagLabel = "gitdeploy.tag";
    public const string PortsLabel = "gitdeploy.ports";
    public const string PortBaseVariable = "GITDEPLOY_PORT_BASE";

    public static string Name(string app, string env) => $"gitdeploy-{app}-{env}";

    public static ServiceSpec Build(
        InstanceSpec spec,
        ReleaseImages.Image image,
        int replicas,
        int portBase,
        SwarmOptions swarm,
        SupervisorOptions supervisor,
        ResourceLimits? limits
    )
    {
        var labels = new Dictionary<string, string>
        {
            [AppLabel] = spec.App,
            [EnvLabel] = spec.Env,
            [TagLabel] = spec.Tag,
            [PortsLabel] = portBase.ToString(CultureInfo.InvariantCulture),
        };
        var drain = Drain(swarm, supervisor);
        return new ServiceSpec
        {
            Name = Name(spec.App, spec.Env),
            Labels = labels,
            Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = (ulong)replicas } },
            TaskTemplate = new TaskSpec
            {
                ContainerSpec = new ContainerSpec
                {
                    Image = $"{image.Reference}@{image.Digest}",
                    Labels = labels,
                    Env = Environment(spec, portBase, swarm, supervisor),
                    Dir = Path.GetFullPath(Path.Combine(ReleaseImages.AppDir, spec.AppSubdir)),
                    User = (spec.Uid ?? 0).ToString(CultureInfo.InvariantCulture),
                    Init = true,
                    StopGracePeriod = drain + supervisor.StopGracePeriod + TimeSpan.FromSeconds(5),
                    Healthcheck = new HealthcheckConfig
                    {
                        Test = ["CMD", image.Python, "-I", "-S", ReleaseImages.EntrypointPath, "--healthy"],
                        Interval = swarm.HealthcheckInterval,
                        Timeout = TimeSpan.FromSeconds(5),
                        Retries = 1,
                        StartPeriod = spec.StartupTimeout + TimeSpan.FromSeconds(5),
                    },
                },
                Networks = [new NetworkAttachmentConfig { Target = "host" }],
                RestartPolicy = new SwarmRestartPolicy
                {
                    Condition = "any",
                    Delay = swarm.RestartDelay,
                    MaxAttempts = 0,
                },
                Resources = limits is null
                    ? null
                    : new ResourceRequirements
                    {
                        Limits = new SwarmLimit { MemoryBytes = limits.MemoryBytes, Pids = limits.Processes },
                    },
            },
            UpdateConfig = Rollout(swarm, "rollback"),
            RollbackConfig = Rollout(swarm, "pause"),
        };
    }

    /// <summary>The longest a stopping task drains: the drain period, and at least the minimum GitDeploy needs to
    /// notice.</summary>
    public static TimeSpan Drain(SwarmOptions swarm, SupervisorOptions supervisor) =>
        supervisor.DrainPeriod > swarm.MinimumDrain ? supervisor.DrainPeriod : swarm.MinimumDrain;

    private static SwarmUpdateConfig Rollout(SwarmOptions swarm, string onFailure) =>
        new()
        {
            Parallelism = 0, // every task at once, each new one started before its old one stops
            Order = "start-first",
            FailureAction = onFailure,
            Monitor = swarm.UpdateMonitor,
            MaxFailureRatio = 0,
        };

    private static List<string> Environment(
        InstanceSpec spec,
        int portBase,
        SwarmOptions swarm,
        SupervisorOptions supervisor
    )
    {
        static string S(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var paths =
            spec.CheckPath is { } own ? own
            : spec.StrictPing ? StartupCheck.PingPath
            : $"{StartupCheck.PingPath} /";
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in spec.Environment)
            vars[k] = v;
        // As a local instance: the buildpack's run variables after the app's own, then the platform's.
        foreach (var (k, v) in spec.RunVariables)
            vars[k] = v;
        vars["LEANCLOUD_APP_HOST"] = "0.0.0.0";
        vars["HOME"] = ReleaseImages.Home;
        vars["TMPDIR"] = ReleaseImages.Tmp;
        vars["PATH"] = string.Join(
            ':',
            [.. spec.PathPrefix, "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
        );
        vars["GITDEPLOY_START"] = spec.StartCommand;
        vars["GITDEPLOY_CHECK_PATHS"] = paths;
        vars["GITDEPLOY_STARTUP_TIMEOUT"] = S(spec.StartupTimeout);
        vars["GITDEPLOY_HEALTH"] =
            $"{S(supervisor.HealthInterval)} {S(supervisor.HealthTimeout)} {supervisor.HealthFailures}";
        vars["GITDEPLOY_DRAIN"] = $"{S(swarm.MinimumDrain)} {S(Drain(swarm, supervisor))}";
        vars["GITDEPLOY_GRACE"] = S(supervisor.StopGracePeriod);
        vars[PortBaseVariable] = portBase.ToString(CultureInfo.InvariantCulture);
        // Swarm expands Go templates in every value: an app's own "{{" is written so that it stays as it is.
        var list = vars.Select(kv =>
                $"{kv.Key}={kv.Value.Replace("{{", "{{\"{{\"}}",
            StringComparison.Ordinal)}"
            )
            .ToList();
        list.Add("GITDEPLOY_SLOT={{.Task.Slot}}");
        return list;
    }

    /// <summary>A label's value, or null (Docker's models hold plain dictionaries, or none).</summary>
    public static string? Label(IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var v) ? v : null;

    /// <summary>The port block a task's spec names (its base), or null for a task that is not GitDeploy's.</summary>
    public static int? PortBaseOf(TaskSpec? spec) =>
        spec
            ?.ContainerSpec?.Env?.Select(e => e.Split('=', 2))
            .Where(p => p.Length == 2 && p[0] == PortBaseVariable)
            .Select(p => int.TryParse(p[1], CultureInfo.InvariantCulture, out var b) ? b : (int?)null)
            .FirstOrDefault();
}

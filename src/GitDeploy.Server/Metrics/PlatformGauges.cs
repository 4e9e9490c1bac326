using GitDeploy.Runtime.Metrics;
using GitDeploy.Runtime.Supervisor;
using Prometheus;

namespace GitDeploy.Server.Metrics;

/// <summary>
/// Gauges read from the platform's state when Prometheus scrapes (nothing on the request path):
/// the release live on each app environment (a Grafana annotation source: it changes at each deploy)
/// and the instances by state.
/// </summary>
public sealed class PlatformGauges
{
    private readonly Gauge _live;
    private readonly Gauge _instances;
    private readonly object _gate = new();
    private HashSet<string[]> _liveLabels = new(LabelsComparer.Instance);
    private HashSet<string[]> _instanceLabels = new(LabelsComparer.Instance);

    public PlatformGauges(
        RequestMetrics metrics,
        EnvironmentStore envs,
        AppStore apps,
        GitDeploy.Runtime.Targets.ReleaseTargets supervisor
    )
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        _live = factory.CreateGauge(
            "gitdeploy_live_release",
            "1 for the release live on an app environment.",
            ["app", "env", "tag"]
        );
        _instances = factory.CreateGauge(
            "gitdeploy_instances",
            "An app environment's instances by state.",
            ["app", "env", "state"]
        );
        metrics.Registry.AddBeforeCollectCallback(() => Update(envs, apps, supervisor));
    }

    private void Update(EnvironmentStore envs, AppStore apps, GitDeploy.Runtime.Targets.ReleaseTargets supervisor)
    {
        lock (_gate)
        {
            var live = envs.AllActive().Select(e => new[] { e.App, e.Env, e.Tag }).ToHashSet(LabelsComparer.Instance);
            Replace(_live, ref _liveLabels, live.ToDictionary(l => l, _ => 1.0, LabelsComparer.Instance));
            var counts = new Dictionary<string[], double>(LabelsComparer.Instance);
            foreach (var app in apps.List())
            foreach (var i in supervisor.Status(app.Name, cpuUse: false))
            {
                var key = new[] { app.Name, i.Env, i.State };
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
            Replace(_instances, ref _instanceLabels, counts);
        }
    }

    private static void Replace(Gauge gauge, ref HashSet<string[]> previous, Dictionary<string[], double> now)
    {
        foreach (var gone in previous.Where(l => !now.ContainsKey(l)))
            gauge.RemoveLabelled(gone);
        foreach (var (labels, value) in now)
            gauge.WithLabels(labels).Set(value);
        previous = now.Keys.ToHashSet(LabelsComparer.Instance);
    }

    private sealed class LabelsComparer : IEqualityComparer<string[]>
    {
        public static readonly LabelsComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.SequenceEqual(y);

        public int GetHashCode(string[] l) => l.Aggregate(17, (h, s) => h * 31 + s.GetHashCode());
    }
}

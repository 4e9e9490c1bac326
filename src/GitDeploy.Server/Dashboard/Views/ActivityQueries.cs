using GitDeploy.Runtime.Logs;
using GitDeploy.Runtime.Metrics;

namespace GitDeploy.Server.Dashboard.Views;

/// <summary>What an app is doing: its log and its traffic through the router.</summary>
public sealed class ActivityQueries(
    AppStore apps, AppLogs logs, RequestMetrics metrics, DeployStore deploys, TimeProvider clock)
{
    public LogsView? Logs(string app, LogQuery query)
    {
        if (apps.Find(app) is null) return null;
        var lines = logs.Tail(app, query.Lines, query.Filter);
        var names = logs.Tail(app, 2_000, new LogFilter()).Select(l => l.Instance).Append(query.Instance)
            .Where(n => !string.IsNullOrEmpty(n) && n != "-").Distinct().Order(StringComparer.Ordinal).ToList();
        return new LogsView(app, query, lines, names!);
    }

    public MetricsView? Metrics(string app, string range)
    {
        if (apps.Find(app) is null) return null;
        if (!MetricsView.Ranges.Contains(range)) range = MetricsView.Ranges[0];
        var span = MetricsView.Span(range);
        var now = clock.GetUtcNow();
        var from = now - span;
        var recent = deploys.List(app, 500);
        var envs = Environments.All.Select(env =>
        {
            var points = metrics.History(app, env, span);
            var markers = recent.Where(d => d.Env == env && d.Status == DeployStatus.Succeeded && d.Tag is not null
                    && d.FinishedAt is not null && Parse(d.FinishedAt) >= from)
                .Select(d => new DeployMarker(
                    Parse(d.FinishedAt!).ToUnixTimeSeconds(), d.Tag!, d.Trigger, d.Actor, d.Id))
                .OrderBy(m => m.Time).ToList();
            return new EnvMetrics(env, MetricsCharts.Build(points, now, span), MetricsCharts.Summarize(points, now),
                markers, points.Reverse().Take(60).ToList());
        }).ToList();
        return new MetricsView(app, range, metrics.Enabled, envs);
    }

    private static DateTimeOffset Parse(string iso) =>
        DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
}

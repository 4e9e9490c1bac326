using GitDeploy.Runtime.Metrics;

namespace GitDeploy.Server.Dashboard.Views;

/// <param name="Recent">The newest minutes with traffic, newest first, for the table a page without scripts
/// shows.</param>
public sealed record EnvMetrics(
    string Env, ChartData Chart, MetricsSummary Summary, IReadOnlyList<DeployMarker> Markers,
    IReadOnlyList<MinutePoint> Recent);

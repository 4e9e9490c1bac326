namespace GitDeploy.Server.Dashboard.Views;

/// <summary>The figures above a chart: in the whole range, and in the last minute with traffic.</summary>
public sealed record MetricsSummary(long Requests, long Errors5xx, double LastRps, double? LastP95Ms, string? LastTag)
{
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors5xx / Requests;
}

namespace GitDeploy.Runtime.Metrics;

/// <summary>What one release served while it was live (within the router's history), for the releases page.</summary>
public sealed record ReleaseTraffic(
    string Tag, long Requests, long Status4xx, long Status5xx, double P50Ms, double P95Ms, double P99Ms,
    DateTimeOffset From, DateTimeOffset To)
{
    public double ErrorRate => Requests == 0 ? 0 : (double)Status5xx / Requests;
}

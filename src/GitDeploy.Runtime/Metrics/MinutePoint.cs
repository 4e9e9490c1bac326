namespace GitDeploy.Runtime.Metrics;

/// <summary>
/// One minute of an app environment's traffic through the router: requests by status class,
/// latency quantiles (ms), and the release that served the minute's last request.
/// </summary>
public readonly record struct MinutePoint(
    long Minute, int Requests, int Status2xx, int Status3xx, int Status4xx, int Status5xx,
    double P50Ms, double P95Ms, double P99Ms, string? Tag)
{
    public DateTimeOffset Start => new(Minute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
}

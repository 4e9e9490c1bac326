using GitDeploy.Runtime.Metrics;

namespace GitDeploy.Server.Dashboard.Views;

/// <summary>Turns the router's minutes into chart columns: every minute of the range, empty ones as zero
/// requests.</summary>
public static class MetricsCharts
{
    public static ChartData Build(IReadOnlyList<MinutePoint> points, DateTimeOffset now, TimeSpan range)
    {
        var last = now.UtcTicks / TimeSpan.TicksPerMinute;
        var minutes = (int)Math.Clamp(range.TotalMinutes, 1, RequestMetrics.WindowMinutes);
        var first = last - minutes + 1;
        var byMinute = points.Where(p => p.Minute >= first && p.Minute <= last).ToDictionary(p => p.Minute);
        var d = new ChartData(new long[minutes], new double[minutes], new double[minutes], new double[minutes],
            new double[minutes], new double[minutes], new double?[minutes], new double?[minutes], new double?[minutes],
            byMinute.Values.Sum(p => (long)p.Requests));
        // The current minute is not over: its rate is over the seconds it has had.
        var current = Math.Max(1, (now.UtcTicks % TimeSpan.TicksPerMinute) / (double)TimeSpan.TicksPerSecond);
        for (var i = 0; i < minutes; i++)
        {
            var m = first + i;
            d.Time[i] = new DateTimeOffset(m * TimeSpan.TicksPerMinute, TimeSpan.Zero).ToUnixTimeSeconds();
            if (!byMinute.TryGetValue(m, out var p)) continue;
            var seconds = m == last ? current : 60;
            d.Rps[i] = Round(p.Requests / seconds);
            d.Rps2xx[i] = Round(p.Status2xx / seconds);
            d.Rps3xx[i] = Round(p.Status3xx / seconds);
            d.Rps4xx[i] = Round(p.Status4xx / seconds);
            d.Rps5xx[i] = Round(p.Status5xx / seconds);
            d.P50[i] = Round(p.P50Ms);
            d.P95[i] = Round(p.P95Ms);
            d.P99[i] = Round(p.P99Ms);
        }
        return d;
    }

    public static MetricsSummary Summarize(IReadOnlyList<MinutePoint> points, DateTimeOffset now)
    {
        var lastMinute = points.Count == 0 ? (MinutePoint?)null : points[^1];
        var current = now.UtcTicks / TimeSpan.TicksPerMinute;
        var seconds = lastMinute?.Minute == current
            ? Math.Max(1, (now.UtcTicks % TimeSpan.TicksPerMinute) / (double)TimeSpan.TicksPerSecond) : 60;
        return new MetricsSummary(points.Sum(p => (long)p.Requests), points.Sum(p => (long)p.Status5xx),
            lastMinute is { } l ? Round(l.Requests / seconds) : 0, lastMinute?.P95Ms, lastMinute?.Tag);
    }

    private static double Round(double v) => Math.Round(v, 3);
}

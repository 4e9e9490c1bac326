using System.Diagnostics;
using GitDeploy.Runtime.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace GitDeploy.Tests.Runtime;

/// <summary>The router's per-minute request history, on a fake clock.</summary>
public class RequestMetricsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 5, TimeSpan.Zero);

    private static (RequestMetrics, FakeTimeProvider) Make(bool enabled = true)
    {
        var clock = new FakeTimeProvider(Start);
        return (new RequestMetrics(clock, enabled), clock);
    }

    /// <summary>A start timestamp <paramref name="ms"/> ago, so the recorded latency is at least that.</summary>
    private static long Ago(double ms) => Stopwatch.GetTimestamp() - (long)(ms / 1000 * Stopwatch.Frequency);

    [Fact]
    public void Requests_AreCountedPerMinuteByStatusClass_WithTheirLatencyAndRelease()
    {
        var (m, clock) = Make();
        for (var i = 0; i < 8; i++)
            m.Record("web", "production", "v1", 200, Ago(20));
        m.Record("web", "production", "v1", 404, Ago(20));
        m.Record("web", "production", null, 503, Ago(1));
        clock.Advance(TimeSpan.FromMinutes(1));
        m.Record("web", "production", "v2", 302, Ago(200));

        var points = m.History("web", "production", TimeSpan.FromHours(1));
        Assert.Equal(2, points.Count);
        var first = points[0];
        Assert.Equal(
            (10, 8, 0, 1, 1),
            (first.Requests, first.Status2xx, first.Status3xx, first.Status4xx, first.Status5xx)
        );
        Assert.Equal("v1", first.Tag);
        Assert.InRange(first.P50Ms, 19, 60);
        Assert.Equal(Start.UtcTicks / TimeSpan.TicksPerMinute, first.Minute);
        Assert.Equal((1, 1, "v2"), (points[1].Requests, points[1].Status3xx, points[1].Tag));
        Assert.True(points[1].P50Ms >= 190);
        Assert.Empty(m.History("web", "stage", TimeSpan.FromHours(1)));
    }

    [Fact]
    public void AMinuteAfterTheNext_IsFolded_AndNothingOlderThan24HoursIsKept()
    {
        var (m, clock) = Make();
        for (var minute = 0; minute < 24 * 60 + 30; minute++)
        {
            m.Record("web", "production", "v1", 200, Ago(1));
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        var day = m.History("web", "production", TimeSpan.FromHours(48));
        Assert.Equal(RequestMetrics.WindowMinutes - 1, day.Count); // this minute has had no request yet
        Assert.True(
            day[0].Minute > clock.GetUtcNow().UtcTicks / TimeSpan.TicksPerMinute - RequestMetrics.WindowMinutes
        );
        Assert.Equal(59, m.History("web", "production", TimeSpan.FromHours(1)).Count);
    }

    [Fact]
    public void EachRelease_HasItsOwnTotals()
    {
        var (m, clock) = Make();
        for (var i = 0; i < 10; i++)
            m.Record("web", "production", "v1", 200, Ago(5));
        clock.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 4; i++)
            m.Record("web", "production", "v2", 500, Ago(5));
        clock.Advance(TimeSpan.FromMinutes(2));
        m.Record("web", "production", "v2", 200, Ago(5));

        var releases = m.Releases("web", "production");
        Assert.Equal(["v2", "v1"], releases.Select(r => r.Tag));
        Assert.Equal((5L, 4L), (releases[0].Requests, releases[0].Status5xx));
        Assert.Equal(0.8, releases[0].ErrorRate, 3);
        Assert.Equal((10L, 0L), (releases[1].Requests, releases[1].Status5xx));
    }

    [Fact]
    public async Task ThePrometheusText_HasTheCounters_AndADestroyedAppLeavesIt()
    {
        var (m, _) = Make();
        m.Record("web", "production", "v1", 200, Ago(3));
        m.Record("web", "production", "v1", 201, Ago(3));
        m.Record("web", "stage", "v1", 500, Ago(3));
        var text = await Export(m);
        Assert.Contains("gitdeploy_http_requests_total{app=\"web\",env=\"production\",status=\"2xx\"} 2", text);
        Assert.Contains("gitdeploy_http_requests_total{app=\"web\",env=\"stage\",status=\"5xx\"} 1", text);
        Assert.Contains("gitdeploy_http_request_duration_seconds_count{app=\"web\",env=\"production\"} 2", text);

        m.ForgetApp("web");
        Assert.DoesNotContain("app=\"web\"", await Export(m));
        Assert.Empty(m.History("web", "production", TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Off_RecordsNothing()
    {
        var (m, _) = Make(enabled: false);
        m.Record("web", "production", "v1", 200, Ago(1));
        Assert.Empty(m.History("web", "production", TimeSpan.FromHours(1)));
    }

    private static async Task<string> Export(RequestMetrics m)
    {
        using var s = new MemoryStream();
        await m.Registry.CollectAndExportAsTextAsync(s);
        return System.Text.Encoding.UTF8.GetString(s.ToArray());
    }
}

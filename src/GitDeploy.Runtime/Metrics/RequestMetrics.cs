using System.Collections.Concurrent;
using System.Diagnostics;
using Prometheus;

namespace GitDeploy.Runtime.Metrics;

/// <summary>
/// What the router saw of each app environment: requests by status class and their latency, per
/// minute for the last 24 hours, kept in memory (at most <see cref="WindowMinutes"/> points per app
/// environment, so a bounded size; a restarted server starts empty), and the same as Prometheus
/// counters and a histogram in <see cref="Registry"/>. <see cref="Record"/> is on every proxied
/// request's path: a dictionary lookup, a clock read and a few interlocked increments, no lock and
/// no allocation (bench/metrics-cost measures it).
/// </summary>
public sealed class RequestMetrics
{
    public const int WindowMinutes = 24 * 60;

    private static readonly string[] ClassNames = ["other", "1xx", "2xx", "3xx", "4xx", "5xx"];
    private static readonly double[] DurationBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly ConcurrentDictionary<(string App, string Env), MetricSeries> _series = new();
    private readonly TimeProvider _clock;
    private readonly Counter _requests;
    private readonly Histogram _duration;

    public RequestMetrics(TimeProvider clock, bool enabled = true)
    {
        _clock = clock;
        Enabled = enabled;
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _requests = factory.CreateCounter("gitdeploy_http_requests_total",
            "Requests the router answered for an app, by status class.", ["app", "env", "status"]);
        _duration = factory.CreateHistogram("gitdeploy_http_request_duration_seconds",
            "Time from the router receiving a request for an app to the end of its answer.",
            ["app", "env"], new HistogramConfiguration { Buckets = DurationBuckets });
    }

    /// <summary>Off (serve --request-metrics off): <see cref="Record"/> returns at once.</summary>
    public bool Enabled { get; }

    /// <summary>The Prometheus collectors (this server's own registry: several servers may share a process).</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>
    /// One request for an app that exists: its final status, the release that answered it (null: none did),
    /// and <paramref name="startTimestamp"/>, the <see cref="Stopwatch.GetTimestamp"/> of its arrival.
    /// </summary>
    public void Record(string app, string env, string? tag, int status, long startTimestamp)
    {
        if (!Enabled) return;
        var micros = Stopwatch.GetElapsedTime(startTimestamp).Ticks / TimeSpan.TicksPerMicrosecond;
        var series = _series.GetOrAdd((app, env), static (key, self) => self.Create(key), this);
        if (tag is { Length: 0 }) tag = null;
        series.Record(_clock.GetUtcNow().UtcTicks / TimeSpan.TicksPerMinute, status, micros, tag);
    }

    private MetricSeries Create((string App, string Env) key) => new(
        [.. ClassNames.Select(c => _requests.WithLabels(key.App, key.Env, c))], _duration.WithLabels(key.App, key.Env));

    /// <summary>The minutes of the last <paramref name="range"/> (at most 24 h) that had traffic, oldest
    /// first.</summary>
    public IReadOnlyList<MinutePoint> History(string app, string env, TimeSpan range)
    {
        if (!_series.TryGetValue((app, env), out var s)) return [];
        var minutes = (long)Math.Clamp(range.TotalMinutes, 1, WindowMinutes);
        return s.Points(_clock.GetUtcNow().UtcTicks / TimeSpan.TicksPerMinute - minutes + 1);
    }

    /// <summary>What each recent release of the environment served, newest first.</summary>
    public IReadOnlyList<ReleaseTraffic> Releases(string app, string env) =>
        _series.TryGetValue((app, env), out var s) ? s.Releases() : [];

    /// <summary>An app was destroyed: its history and its Prometheus series go.</summary>
    public void ForgetApp(string app)
    {
        foreach (var key in _series.Keys.Where(k => k.App == app).ToList())
        {
            _series.TryRemove(key, out _);
            foreach (var c in ClassNames) _requests.RemoveLabelled(key.App, key.Env, c);
            _duration.RemoveLabelled(key.App, key.Env);
        }
    }
}

namespace GitDeploy.Runtime.Metrics;

/// <summary>A release's minutes added up: counts and one latency histogram (merged, not averaged quantiles).</summary>
internal sealed class ReleaseTotals(string tag)
{
    private readonly LatencyHistogram _latency = new();
    private readonly long[] _classes = new long[6];
    private long _first = long.MaxValue;
    private long _last;

    public string Tag => tag;
    public long LastMinute => _last;

    public void Add(MinuteCounters minute)
    {
        for (var i = 0; i < _classes.Length; i++) _classes[i] += minute.Classes[i];
        _latency.Merge(minute.Latency);
        _first = Math.Min(_first, minute.Minute);
        _last = Math.Max(_last, minute.Minute);
    }

    public ReleaseTotals With(MinuteCounters? extra)
    {
        var copy = new ReleaseTotals(tag) { _first = _first, _last = _last };
        _classes.CopyTo(copy._classes, 0);
        copy._latency.Merge(_latency);
        if (extra is not null) copy.Add(extra);
        return copy;
    }

    public ReleaseTraffic View() => new(tag, _classes.Sum(), _classes[4], _classes[5],
        _latency.QuantileMs(0.50), _latency.QuantileMs(0.95), _latency.QuantileMs(0.99),
        new DateTimeOffset(_first * TimeSpan.TicksPerMinute, TimeSpan.Zero),
        new DateTimeOffset((_last + 1) * TimeSpan.TicksPerMinute, TimeSpan.Zero));
}

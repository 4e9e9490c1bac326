using Prometheus;

namespace GitDeploy.Runtime.Metrics;

/// <summary>
/// One app environment's request history: the minute being recorded and the one before it in full
/// (requests may still be adding to it), older minutes as <see cref="MinutePoint"/>s, at most
/// <see cref="RequestMetrics.WindowMinutes"/> of them (24 h), and per release totals for the
/// newest <see cref="MaxReleases"/> releases. Recording takes no lock; the minute's roll-over does.
/// </summary>
internal sealed class MetricSeries
{
    public const int MaxReleases = 20;

    private readonly object _gate = new();
    private readonly Counter.Child[] _byClass;
    private readonly Histogram.Child _duration;
    private readonly List<ReleaseTotals> _releases = [];
    private MinutePoint[] _points = new MinutePoint[16];
    private int _head;
    private int _count;
    private MinuteCounters _current = new(long.MinValue);
    private MinuteCounters? _previous;

    public MetricSeries(Counter.Child[] byClass, Histogram.Child duration)
    {
        _byClass = byClass;
        _duration = duration;
    }

    public void Record(long minute, int status, long micros, string? tag)
    {
        var c = _current;
        if (c.Minute != minute) c = Roll(minute);
        c.Add(status, micros, tag);
        var cls = (uint)status / 100;
        _byClass[cls is >= 1 and <= 5 ? cls : 0].Inc();
        _duration.Observe(micros / 1e6);
    }

    private MinuteCounters Roll(long minute)
    {
        lock (_gate)
        {
            if (_current.Minute >= minute) return _current; // another request rolled it, or the clock stepped back
            if (_previous is { } done) Fold(done);
            _previous = _current.Minute == long.MinValue ? null : _current;
            return _current = new MinuteCounters(minute);
        }
    }

    /// <summary>A minute nobody writes to any more becomes a point and joins its release's totals.</summary>
    private void Fold(MinuteCounters m)
    {
        var point = m.Summary();
        if (point.Requests == 0) return;
        while (_count > 0 && _points[_head].Minute <= m.Minute - RequestMetrics.WindowMinutes)
        {
            _head = (_head + 1) % _points.Length;
            _count--;
        }
        if (_count == _points.Length && _points.Length < RequestMetrics.WindowMinutes)
        {
            var bigger = new MinutePoint[Math.Min(_points.Length * 2, RequestMetrics.WindowMinutes)];
            for (var i = 0; i < _count; i++) bigger[i] = _points[(_head + i) % _points.Length];
            _points = bigger;
            _head = 0;
        }
        if (_count == _points.Length)
        {
            _points[_head] = point;
            _head = (_head + 1) % _points.Length;
        }
        else _points[(_head + _count++) % _points.Length] = point;
        if (m.Tag is { } tag) TotalsFor(tag).Add(m);
    }

    private ReleaseTotals TotalsFor(string tag)
    {
        var t = _releases.Find(r => r.Tag == tag);
        if (t is not null) return t;
        if (_releases.Count == MaxReleases) _releases.Remove(_releases.MinBy(r => r.LastMinute)!);
        _releases.Add(t = new ReleaseTotals(tag));
        return t;
    }

    /// <summary>The minutes from <paramref name="fromMinute"/> on that had traffic, oldest first; the newest two still
    /// counting.</summary>
    public List<MinutePoint> Points(long fromMinute)
    {
        lock (_gate)
        {
            var result = new List<MinutePoint>(_count + 2);
            for (var i = 0; i < _count; i++)
                if (_points[(_head + i) % _points.Length] is var p && p.Minute >= fromMinute) result.Add(p);
            foreach (var m in new[] { _previous, _current })
                if (m is not null && m.Minute >= fromMinute && m.Summary() is { Requests: > 0 } s) result.Add(s);
            return result;
        }
    }

    /// <summary>Each release's traffic, newest first, the minutes still counting included.</summary>
    public List<ReleaseTraffic> Releases()
    {
        lock (_gate)
        {
            var all = _releases.Select(r => r.With(null)).ToList();
            foreach (var m in new[] { _previous, _current })
            {
                if (m?.Tag is not { } tag) continue;
                var i = all.FindIndex(r => r.Tag == tag);
                if (i < 0) all.Add(new ReleaseTotals(tag).With(m));
                else all[i] = all[i].With(m);
            }
            return all.OrderByDescending(r => r.LastMinute).Select(r => r.View()).ToList();
        }
    }
}

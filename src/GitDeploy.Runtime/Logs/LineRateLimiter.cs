namespace GitDeploy.Runtime.Logs;

/// <summary>
/// Cloud Engine keeps at most 600 lines a minute per instance. Fixed one-minute windows: lines over
/// the limit are dropped and counted; when the window ends the count is reported once.
/// </summary>
public sealed class LineRateLimiter(int limit, TimeSpan window, TimeProvider clock)
{
    private DateTimeOffset _windowStart = clock.GetUtcNow();
    private int _count;
    private int _dropped;
    private readonly object _gate = new();

    /// <summary>
    /// Whether to keep the line; the dropped count of a window that just ended (0 if none); and
    /// whether this line is the first one dropped in its window (to say so at once).
    /// </summary>
    public (bool Keep, int DroppedBefore, bool FirstDrop) Offer()
    {
        lock (_gate)
        {
            var reported = Roll();
            if (_count < limit)
            {
                _count++;
                return (true, reported, false);
            }
            _dropped++;
            return (false, reported, _dropped == 1);
        }
    }

    /// <summary>When the current window ends.</summary>
    public DateTimeOffset WindowEnd
    {
        get { lock (_gate) return _windowStart + window; }
    }

    /// <summary>The dropped count of a window that has ended since the last call (0 if none): for quiet
    /// periods.</summary>
    public int Flush()
    {
        lock (_gate) return Roll();
    }

    private int Roll()
    {
        var now = clock.GetUtcNow();
        if (now - _windowStart < window) return 0;
        var dropped = _dropped;
        _windowStart = now;
        _count = 0;
        _dropped = 0;
        return dropped;
    }
}

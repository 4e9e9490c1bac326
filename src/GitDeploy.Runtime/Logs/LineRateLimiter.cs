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

    /// <summary>Returns whether to keep the line, and the dropped count of a window that just ended (0 if none).</summary>
    public (bool Keep, int DroppedBefore) Offer()
    {
        lock (_gate)
        {
            var reported = Roll();
            if (_count < limit)
            {
                _count++;
                return (true, reported);
            }
            _dropped++;
            return (false, reported);
        }
    }

    /// <summary>The dropped count of a window that has ended since the last call (0 if none): for quiet periods.</summary>
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

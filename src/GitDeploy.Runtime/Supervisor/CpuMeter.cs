namespace GitDeploy.Runtime.Supervisor;

/// <summary>
/// An instance's CPU use in percent of one core (as top shows it), from samples of its CPU time:
/// over the time since the previous sample when that is at least <see cref="MinInterval"/> old, else
/// the last figure; the first sample gives the average since the start.
/// </summary>
public sealed class CpuMeter(DateTimeOffset started)
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private DateTimeOffset _at = started;
    private double _cpu;
    private double? _percent;

    public double? Sample(DateTimeOffset now, double? cpuSeconds)
    {
        if (cpuSeconds is not { } cpu) return null;
        lock (_gate)
        {
            var wall = (now - _at).TotalSeconds;
            if (_percent is not null && now - _at < MinInterval) return _percent;
            if (wall <= 0) return _percent;
            _percent = Math.Round(Math.Max(0, cpu - _cpu) / wall * 100, 1);
            _at = now;
            _cpu = cpu;
            return _percent;
        }
    }
}

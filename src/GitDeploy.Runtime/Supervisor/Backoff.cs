namespace GitDeploy.Runtime.Supervisor;

/// <summary>
/// Restart delays for a crashing instance: the first failure is restarted at once (as Heroku and
/// Kubernetes do: one crash is usually not a loop), the following ones after 1 s, 2 s, 4 s … up to
/// the cap. An instance that stayed healthy for <see cref="SupervisorOptions.BackoffResetAfter"/>
/// before it failed starts again at once. Pure: the caller passes the clock's readings.
/// </summary>
public sealed class Backoff(TimeSpan initial, TimeSpan cap, TimeSpan resetAfter)
{
    private int _attempt;

    public int Attempt => _attempt;

    /// <param name="healthySince">when the failed instance last became healthy, or null if it never did.</param>
    public TimeSpan Next(DateTimeOffset now, DateTimeOffset? healthySince)
    {
        if (healthySince is { } since && now - since >= resetAfter) _attempt = 0;
        var delay = _attempt == 0 ? TimeSpan.Zero
            : TimeSpan.FromTicks(Math.Min(cap.Ticks, initial.Ticks * (1L << Math.Min(_attempt - 1, 30))));
        _attempt++;
        return delay;
    }

    public void Reset() => _attempt = 0;
}

namespace GitDeploy.Runtime.Supervisor;

/// <summary>
/// A named place (web1, web2 …) in an environment, kept filled: it watches its instance (exit,
/// periodic health checks) and replaces it when it exits or fails its checks, with back-off
/// between attempts. A replacement passes its startup check before the failing instance is stopped.
/// </summary>
internal sealed class InstanceSlot(string name, EnvironmentGroup group, Supervisor supervisor)
{
    private readonly CancellationTokenSource _cts = new();
    private Task _loop = Task.CompletedTask;
    private DateTimeOffset? _healthySince;
    private Instance? _replacement;

    public string Name => name;
    public Instance? Current { get; private set; }
    public SlotState State { get; private set; } = SlotState.Starting;
    public int Restarts { get; private set; }
    public string? LastExit { get; private set; }
    public Backoff Backoff { get; } = supervisor.NewBackoff();

    private SupervisorOptions O => supervisor.Options;
    private TimeProvider Clock => supervisor.Clock;

    /// <summary>Takes an instance that already passed its startup check and starts watching it.</summary>
    public void Adopt(Instance healthy)
    {
        Current = healthy;
        SetHealthy();
        _loop = Task.Run(() => KeepAsync(_cts.Token));
    }

    /// <summary>Stops watching; the current instance (and any replacement being started) is stopped, after the drain
    /// period if asked.</summary>
    public async Task RetireAsync(TimeSpan drain)
    {
        _cts.Cancel();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException) { }
        if (_replacement is { } r)
            await supervisor.StopInstanceAsync(r);
        if (Current is { } c)
        {
            if (drain > TimeSpan.Zero && !c.Exited.IsCompleted)
                await supervisor.DrainAsync(c, drain);
            else
                await supervisor.StopInstanceAsync(c);
        }
        State = SlotState.Stopped;
    }

    private void SetHealthy()
    {
        State = SlotState.Healthy;
        _healthySince = Clock.GetUtcNow();
        group.PublishRoutes();
    }

    private async Task KeepAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var instance = Current!;
            var failure = await WatchAsync(instance, ct);
            if (ct.IsCancellationRequested)
                return;
            var healthySince = _healthySince;
            _healthySince = null;
            if (instance.Exited.IsCompleted)
            {
                State = SlotState.Crashed;
                LastExit = instance.ExitDescription;
                group.PublishRoutes();
                supervisor.Event(instance, $"{name} exited ({LastExit}); it will be restarted");
                await supervisor.StopInstanceAsync(instance); // whatever it forked goes too
            }
            else
            {
                State = SlotState.Unhealthy;
                group.PublishRoutes();
                supervisor.Event(instance, $"Health check failed: {name} {failure}; starting a replacement");
            }
            await ReplaceAsync(instance, healthySince, ct);
        }
    }

    /// <summary>Returns when the instance exits or fails <c>HealthFailures</c> checks in a row (with the last
    /// failure).</summary>
    private Task<string> WatchAsync(Instance instance, CancellationToken ct) =>
        HealthWatch.RunAsync(
            async t =>
            {
                var (ok, _, detail) = await supervisor.Check.ProbeAsync(
                    instance.Port,
                    instance.Spec,
                    O.HealthTimeout,
                    t
                );
                return (ok, detail);
            },
            instance.Exited,
            O,
            Clock,
            (n, detail) =>
                supervisor.Event(instance, $"Health check failed: {name} ({n}/{O.HealthFailures}): {detail}"),
            ct
        );

    private async Task ReplaceAsync(Instance failed, DateTimeOffset? healthySince, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var delay = Backoff.Next(Clock.GetUtcNow(), healthySince);
            healthySince = null;
            if (delay > TimeSpan.Zero)
            {
                State = SlotState.BackingOff;
                supervisor.Event(failed, $"restarting {name} in {delay.TotalSeconds:0.#} s (restart #{Restarts + 1})");
                try
                {
                    await Task.Delay(delay, Clock, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            else
                supervisor.Event(failed, $"restarting {name} at once (restart #{Restarts + 1})");
            State = SlotState.Starting;
            Restarts++;
            var fresh = _replacement = await supervisor.StartInstanceAsync(group.Spec, name);
            var outcome = await supervisor.Check.WaitAsync(fresh, O.StartupProbeInterval, ct);
            if (ct.IsCancellationRequested)
                return; // RetireAsync stops _replacement
            _replacement = null;
            if (outcome.Passed)
            {
                Current = fresh;
                SetHealthy();
                supervisor.Event(fresh, $"{name} is serving again (pid {fresh.Pid})");
                await supervisor.StopInstanceAsync(failed); // idempotent: a crashed one is already stopped
                return;
            }
            LastExit = fresh.Exited.IsCompleted ? fresh.ExitDescription : "failed its startup check";
            supervisor.Event(fresh, $"{name} failed to start: {outcome.Detail}");
            await supervisor.StopInstanceAsync(fresh);
        }
    }
}

using System.Collections.Concurrent;
using GitDeploy.Isolation;
using GitDeploy.Isolation.Processes;
using GitDeploy.Runtime.Logs;
using GitDeploy.Runtime.Processes;
using GitDeploy.Runtime.Router;
using GitDeploy.State;
using Microsoft.Extensions.Logging;

namespace GitDeploy.Runtime.Supervisor;

/// <summary>
/// Runs releases as instances and moves traffic between them without dropping requests: new
/// instances start one by one and must pass their startup check before the route set is swapped;
/// the old ones then drain and are stopped (SIGTERM, then SIGKILL, to the process group). Slots
/// keep their instance alive afterwards (health checks, restarts with back-off). Every instance
/// is recorded (pid + process start time) so a restarted server can stop what a killed one left.
/// </summary>
public sealed class Supervisor(
    SupervisorOptions options,
    AppLogs logs,
    RouteTable routes,
    InstanceStore store,
    StartupCheck check,
    Sandbox sandbox,
    TimeProvider clock,
    ILogger<Supervisor> log
) : Targets.IReleaseTarget, IAsyncDisposable
{
    public string Name => Targets.ReleaseTargets.Local;

    private readonly ConcurrentDictionary<(string App, string Env), EnvironmentGroup> _groups = new();
    private readonly ConcurrentDictionary<string, Instance> _all = new();
    private readonly ConcurrentDictionary<string, Instance> _draining = new();
    private readonly CancellationTokenSource _stopping = new();

    internal SupervisorOptions Options => options;
    internal TimeProvider Clock => clock;
    internal StartupCheck Check => check;

    internal Backoff NewBackoff() => new(options.BackoffInitial, options.BackoffCap, options.BackoffResetAfter);

    private EnvironmentGroup Group(string app, string env) =>
        _groups.GetOrAdd((app, env), k => new EnvironmentGroup(k.App, k.Env, routes));

    /// <summary>Deploy, rollback and restart: <paramref name="count"/> fresh instances of <paramref name="spec"/>
    /// replace the current ones.</summary>
    public async Task<RolloutResult> DeployAsync(
        InstanceSpec spec,
        int count,
        Action<string> progress,
        CancellationToken ct
    )
    {
        count = Math.Clamp(count, 1, SupervisorOptions.MaxInstances);
        var group = Group(spec.App, spec.Env);
        await group.Changes.WaitAsync(ct);
        try
        {
            var started = new List<Instance>();
            for (var i = 1; i <= count; i++)
            {
                var name = $"web{i}";
                progress($"Deploying {spec.Tag} to {name} ({spec.Env})");
                var (instance, failure) = await StartCheckedAsync(spec, name, progress, ct);
                if (instance is null)
                {
                    foreach (var s in started)
                        await StopInstanceAsync(s);
                    return failure!;
                }
                started.Add(instance);
            }
            var old = group.Slots;
            group.Spec = spec;
            group.Slots = started.Select(i => new InstanceSlot(i.Name, group, this)).ToList();
            for (var i = 0; i < started.Count; i++)
                group.Slots[i].Adopt(started[i]);
            group.PublishRoutes();
            foreach (var o in old)
                _ = o.RetireAsync(options.DrainPeriod);
            return new RolloutResult(true, $"Deploy finished: {count} instance{(count == 1 ? "" : "s")} deployed", []);
        }
        finally
        {
            group.Changes.Release();
        }
    }

    /// <summary>Adds or removes instances of the environment's current release.</summary>
    public async Task<RolloutResult> ScaleAsync(
        string app,
        string env,
        int count,
        Action<string> progress,
        CancellationToken ct
    )
    {
        count = Math.Clamp(count, 1, SupervisorOptions.MaxInstances);
        var group = Group(app, env);
        await group.Changes.WaitAsync(ct);
        try
        {
            if (group.Spec is null || group.Slots.Count == 0)
                return new RolloutResult(
                    true,
                    $"{env} has no running release; {count} instance(s) will start at its next deploy",
                    []
                );
            var slots = group.Slots.ToList();
            for (var i = slots.Count + 1; i <= count; i++)
            {
                var (instance, failure) = await StartCheckedAsync(group.Spec, $"web{i}", progress, ct);
                if (instance is null)
                    return failure!;
                var slot = new InstanceSlot(instance.Name, group, this);
                slots.Add(slot);
                group.Slots = slots.ToList();
                slot.Adopt(instance);
            }
            var removed = slots.Skip(count).ToList();
            group.Slots = slots.Take(count).ToList();
            group.PublishRoutes();
            foreach (var r in removed)
                _ = r.RetireAsync(options.DrainPeriod);
            return new RolloutResult(true, $"{app} ({env}) runs {count} instance{(count == 1 ? "" : "s")}", []);
        }
        finally
        {
            group.Changes.Release();
        }
    }

    private async Task<(Instance? Instance, RolloutResult? Failure)> StartCheckedAsync(
        InstanceSpec spec,
        string name,
        Action<string> progress,
        CancellationToken ct
    )
    {
        var instance = await StartInstanceAsync(spec, name);
        progress($"Starting new instance {name} (pid {instance.Pid}, port {instance.Port}) ...");
        var outcome = await check.WaitAsync(instance, options.StartupProbeInterval, ct);
        if (outcome.Passed)
        {
            progress($"Instance started: {name} ({outcome.Detail})");
            Event(instance, $"{name} started {spec.Tag} (pid {instance.Pid})");
            return (instance, null);
        }
        var tail = instance.Tail(40);
        var cause = instance.LastError is { } error ? $" (the app's last error: {error})" : "";
        await StopInstanceAsync(instance);
        Event(instance, $"Instance failed to start: {outcome.Detail}");
        log.StartupCheckFailed(name, spec.App, spec.Env, spec.Tag, outcome.Detail);
        return (null, new RolloutResult(false, "Instance failed to start: " + outcome.Detail + cause, tail));
    }

    internal async Task<Instance> StartInstanceAsync(InstanceSpec spec, string name)
    {
        var instance = new Instance
        {
            Name = name,
            Spec = spec,
            Port = FreePort.Next(),
            Dir = Path.Combine(
                options.InstancesRoot,
                spec.App,
                spec.Env,
                $"{name}-{Guid.NewGuid():N}"[..(name.Length + 13)]
            ),
        };
        await instance.StartAsync(logs, options.AppHost, clock, sandbox);
        _all[instance.Id] = instance;
        store.Add(
            new InstanceRecord(
                instance.Id,
                spec.App,
                spec.Env,
                name,
                spec.Tag,
                instance.Pid,
                instance.StartTicks,
                instance.Port,
                clock.GetUtcNow().ToString("O")
            )
        );
        log.InstanceStarted(name, spec.App, spec.Env, spec.Tag, instance.Pid, instance.Port);
        return instance;
    }

    internal async Task DrainAsync(Instance instance, TimeSpan drain)
    {
        _draining[instance.Id] = instance;
        // The drain period is a maximum: the instance stops as soon as the router has no request left for it,
        // and the router's kept-alive connections to it are closed first, so its server can exit on SIGTERM.
        await instance.Upstream.CloseAsync(drain, clock, _stopping.Token);
        await StopInstanceAsync(instance);
        _draining.TryRemove(instance.Id, out _);
    }

    internal async Task StopInstanceAsync(Instance instance)
    {
        await instance.StopAsync(options.StopGracePeriod, clock);
        if (_all.TryRemove(instance.Id, out _))
        {
            store.Remove(instance.Id);
            logs.ForgetInstance(instance.Spec.App, instance.Spec.Env, instance.Name, instance.Id);
            log.InstanceStopped(
                instance.Name,
                instance.Spec.App,
                instance.Spec.Env,
                instance.Pid,
                instance.ExitDescription
            );
            Event(instance, $"{instance.Name} of {instance.Spec.Tag} stopped (exit {instance.ExitDescription})");
        }
    }

    internal void Event(Instance instance, string text)
    {
        logs.Platform(instance.Spec.App, instance.Spec.Env, instance.Name, text);
        log.InstanceEvent(instance.Spec.App, instance.Spec.Env, text);
    }

    /// <summary>Every instance of an app: the slots' current ones, then those draining (CPU read from /proc unless told
    /// not to).</summary>
    public IReadOnlyList<InstanceStatus> Status(string app, bool cpuUse = true)
    {
        var now = clock.GetUtcNow();
        var cpu = cpuUse ? ProcessCpu.ByGroup() : [];
        var rows = new List<InstanceStatus>();
        foreach (var group in _groups.Values.Where(g => g.App == app).OrderBy(g => g.Env))
        foreach (var slot in group.Slots.ToList())
        {
            var i = slot.Current;
            rows.Add(
                new InstanceStatus(
                    slot.Name,
                    group.Env,
                    i?.Spec.Tag ?? group.Spec.Tag,
                    i?.Pid ?? 0,
                    i?.Port ?? 0,
                    Kebab(slot.State),
                    slot.Restarts,
                    slot.LastExit,
                    i is null || slot.State != SlotState.Healthy ? 0 : Math.Round((now - i.StartedAt).TotalSeconds),
                    i?.MemoryUsage,
                    i?.Limits ?? sandbox.Options.Instance,
                    i?.CpuPercent(now, cpu)
                )
            );
        }
        foreach (var d in _draining.Values.Where(d => d.Spec.App == app))
            rows.Add(
                new InstanceStatus(
                    d.Name,
                    d.Spec.Env,
                    d.Spec.Tag,
                    d.Pid,
                    d.Port,
                    "draining",
                    0,
                    null,
                    Math.Round((now - d.StartedAt).TotalSeconds),
                    d.MemoryUsage,
                    d.Limits ?? sandbox.Options.Instance,
                    d.CpuPercent(now, cpu)
                )
            );
        return rows;
    }

    private static string Kebab(SlotState s) =>
        s == SlotState.BackingOff ? "backing-off" : s.ToString().ToLowerInvariant();

    /// <summary>Stops every instance of one environment and removes its routes.</summary>
    public async Task StopAsync(string app, string env)
    {
        if (_groups.TryRemove((app, env), out var group))
        {
            routes.Remove(app, env);
            await Task.WhenAll(group.Slots.Select(s => s.RetireAsync(TimeSpan.Zero)));
        }
        await Task.WhenAll(_all.Values.Where(i => i.Spec.App == app && i.Spec.Env == env).Select(StopInstanceAsync));
    }

    /// <summary>Stops every instance of an app (both environments), removes its routes, closes its logs.</summary>
    public async Task DestroyAsync(string app)
    {
        foreach (var key in _groups.Keys.Where(k => k.App == app).ToList())
            await StopAsync(key.App, key.Env);
        await Task.WhenAll(_all.Values.Where(i => i.Spec.App == app).Select(StopInstanceAsync));
        logs.Close(app);
    }

    /// <summary>
    /// Stops the process groups a killed server left running: a recorded pid is signalled only when
    /// its process start time still matches, so a reused pid is never killed by mistake.
    /// </summary>
    public async Task<int> ReapOrphansAsync()
    {
        var n = 0;
        foreach (var r in store.All())
        {
            var pid = (int)r.Pid;
            if (r.PidStartTicks != 0 && ProcessGroup.IsOurs(pid, r.PidStartTicks))
            {
                log.OrphanStopped(r.Name, r.App, r.Env, pid);
                var ticks = r.PidStartTicks;
                var gone = Task.Run(async () =>
                {
                    while (ProcessGroup.Alive(pid) && ProcessGroup.IsOurs(pid, ticks))
                        await Task.Delay(50);
                });
                await ProcessGroup.TerminateAsync(
                    pid,
                    ticks,
                    gone,
                    options.StopGracePeriod,
                    clock,
                    sandboxed: sandbox.Enabled
                );
                n++;
            }
            store.Remove(r.Id);
        }
        return n;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        var groups = _groups.Values.ToList();
        _groups.Clear();
        await Task.WhenAll(groups.SelectMany(g => g.Slots).Select(s => s.RetireAsync(TimeSpan.Zero)));
        await Task.WhenAll(_all.Values.Select(StopInstanceAsync));
    }
}

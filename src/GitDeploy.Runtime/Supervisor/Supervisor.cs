using System.Collections.Concurrent;
using GitDeploy.Runtime.Logs;
using GitDeploy.Runtime.Processes;
using GitDeploy.Runtime.Router;
using GitDeploy.State;
using Microsoft.Extensions.Logging;

namespace GitDeploy.Runtime.Supervisor;

public sealed record RolloutResult(bool Ok, string Message, IReadOnlyList<string> LogTail);

/// <summary>
/// Starts releases as instances and switches traffic to them: a new instance must pass its startup
/// check before the route table moves; the old ones drain, then get SIGTERM and SIGKILL. Every
/// running instance is recorded (pid + process start time) so a restarted server can stop what a
/// killed one left behind.
/// </summary>
public sealed class Supervisor(
    SupervisorOptions options, AppLogs logs, RouteTable routes, InstanceStore store, StartupCheck check,
    TimeProvider clock, ILogger<Supervisor> log) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string App, string Env), List<Instance>> _serving = new();
    private readonly ConcurrentDictionary<string, Instance> _all = new();
    private readonly ConcurrentDictionary<(string App, string Env), SemaphoreSlim> _gates = new();
    private readonly CancellationTokenSource _stopping = new();

    public IReadOnlyList<Instance> Instances(string app) =>
        _all.Values.Where(i => i.Spec.App == app).OrderBy(i => i.Spec.Env).ThenBy(i => i.Name).ToList();

    public async Task<RolloutResult> RolloutAsync(InstanceSpec spec, Action<string> progress, CancellationToken ct)
    {
        var gate = _gates.GetOrAdd((spec.App, spec.Env), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            const string name = "web1";
            progress($"Deploying {spec.Tag} to {name} ({spec.Env})");
            var instance = Start(spec, name);
            progress($"Starting new instance (pid {instance.Pid}, port {instance.Port}) ...");
            var outcome = await check.WaitAsync(instance, options.StartupProbeInterval, ct);
            if (!outcome.Passed)
            {
                var tail = instance.Tail(40);
                await StopAsync(instance);
                log.LogWarning("instance {Name} of {App}/{Env} {Tag} failed its startup check: {Detail}", name, spec.App, spec.Env, spec.Tag, outcome.Detail);
                logs.Write(spec.App, name, $"Instance failed to start: {outcome.Detail}", stderr: true);
                return new RolloutResult(false, "Instance failed to start: " + outcome.Detail, tail);
            }
            instance.State = InstanceState.Healthy;
            progress($"Instance started: {outcome.Detail}");

            var previous = _serving.TryGetValue((spec.App, spec.Env), out var old) ? old : [];
            _serving[(spec.App, spec.Env)] = [instance];
            routes.Set(spec.App, spec.Env, [new RouteDestination(instance.Id, $"http://127.0.0.1:{instance.Port}")]);
            logs.Write(spec.App, name, $"Deploy finished: {spec.Tag} serving on {name}");
            foreach (var p in previous) _ = DrainThenStopAsync(p);
            return new RolloutResult(true, "Deploy finished: 1 instance deployed", []);
        }
        finally
        {
            gate.Release();
        }
    }

    private Instance Start(InstanceSpec spec, string name)
    {
        var instance = new Instance
        {
            Name = name,
            Spec = spec,
            Port = FreePort.Next(),
            HomeDir = Path.Combine(options.InstancesRoot, spec.App, spec.Env, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 13)]),
        };
        instance.Start(logs, options.AppHost, clock);
        _all[instance.Id] = instance;
        store.Add(new InstanceRecord(instance.Id, spec.App, spec.Env, name, spec.Tag, instance.Pid, instance.StartTicks, instance.Port, clock.GetUtcNow().ToString("O")));
        log.LogInformation("started {Name} of {App}/{Env} {Tag}: pid {Pid}, port {Port}", name, spec.App, spec.Env, spec.Tag, instance.Pid, instance.Port);
        return instance;
    }

    private async Task DrainThenStopAsync(Instance instance)
    {
        instance.State = InstanceState.Draining;
        try { await Task.Delay(options.DrainPeriod, clock, _stopping.Token); }
        catch (OperationCanceledException) { }
        await StopAsync(instance);
    }

    private async Task StopAsync(Instance instance)
    {
        await instance.StopAsync(options.StopGracePeriod, clock);
        _all.TryRemove(instance.Id, out _);
        store.Remove(instance.Id);
        log.LogInformation("stopped {Name} of {App}/{Env} (pid {Pid}, exit {Exit})", instance.Name, instance.Spec.App, instance.Spec.Env, instance.Pid, instance.ExitCode);
    }

    /// <summary>Stops every instance of an app (both environments) and removes its routes.</summary>
    public async Task StopAppAsync(string app)
    {
        foreach (var env in Environments.All)
        {
            routes.Remove(app, env);
            _serving.TryRemove((app, env), out _);
        }
        await Task.WhenAll(_all.Values.Where(i => i.Spec.App == app).Select(StopAsync));
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
            if (ProcessGroup.StartTicks(pid) == r.PidStartTicks && r.PidStartTicks != 0)
            {
                log.LogWarning("stopping orphaned instance {Name} of {App}/{Env} (pid {Pid}) left by a previous server", r.Name, r.App, r.Env, pid);
                var gone = new TaskCompletionSource();
                _ = Task.Run(async () => { while (ProcessGroup.Alive(pid)) await Task.Delay(50); gone.TrySetResult(); });
                await ProcessGroup.TerminateAsync(pid, gone.Task, options.StopGracePeriod, clock);
                n++;
            }
            store.Remove(r.Id);
        }
        return n;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        await Task.WhenAll(_all.Values.Select(StopAsync));
    }
}

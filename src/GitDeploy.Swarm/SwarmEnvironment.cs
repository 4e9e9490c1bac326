using Docker.DotNet.Models;
using GitDeploy.Runtime.Logs;
using GitDeploy.Runtime.Router;
using GitDeploy.Runtime.Supervisor;

namespace GitDeploy.Swarm;

/// <summary>
/// One environment of an app on the swarm: its service, the tasks GitDeploy has seen (from each poll of
/// the manager) and the instances it checks. Routes go to the instances that passed GitDeploy's checks
/// and that Swarm still wants running; while none does (an update's new tasks are still being checked),
/// the draining ones that still answer keep serving. It says in the app's log what happens to each task.
/// </summary>
public sealed class SwarmEnvironment(string app, string env, SwarmChecks checks, RouteTable routes, AppLogs logs,
    TimeProvider clock)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, SwarmInstance> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskFailure> _failures = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
    private readonly Dictionary<int, (int Restarts, string? LastExit)> _slots = [];
    private readonly HashSet<string> _downNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Slot, StartLog Output)> _output = new(StringComparer.Ordinal);
    private readonly Dictionary<int, InstanceSpec> _specs = [];
    private readonly Dictionary<string, int> _slotOf = new(StringComparer.Ordinal);

    public string App => app;
    public string Env => env;
    public SemaphoreSlim Changes { get; } = new(1, 1);
    public string? ServiceId { get; set; }
    public InstanceSpec? Current { get; set; }
    public int PortBase { get; set; }
    public CancellationTokenSource Following { get; set; } = new();

    public sealed record TaskFailure(string TaskId, int Slot, int PortBase, string Node, string Error);

    /// <summary>Tasks of <paramref name="portBase"/> will run this release (probed with its checks).</summary>
    public void Expect(int portBase, InstanceSpec spec)
    {
        lock (_gate) _specs[portBase] = spec;
    }

    public void Platform(string instance, string text) => logs.Platform(app, env, instance, text);

    /// <summary>Takes one poll's tasks of the service and the swarm's nodes.</summary>
    public void Reconcile(IList<TaskResponse> tasks, IReadOnlyDictionary<string, SwarmNode> nodes)
    {
        lock (_gate)
        {
            foreach (var t in tasks) Track(t, nodes);
            foreach (var gone in _instances.Keys.Where(id => tasks.All(t => t.ID != id)).ToList())
                End(_instances[gone], "its task is gone", crashed: false);
            Publish();
        }
    }

    private void Track(TaskResponse t, IReadOnlyDictionary<string, SwarmNode> nodes)
    {
        var slot = (int)(t.Slot ?? 0);
        var portBase = ServiceSpecs.PortBaseOf(t.Spec);
        if (portBase is null || slot <= 0) return;
        if (_slotOf.TryAdd(t.ID, slot) && _slotOf.Count > 200) _slotOf.Remove(_slotOf.Keys.First());
        if (_ended.Contains(t.ID)) return;
        var state = t.Status?.State;
        var wanted = t.DesiredState == TaskState.Running;
        var node = t.NodeID is { } id && nodes.TryGetValue(id, out var n) ? n : null;
        _instances.TryGetValue(t.ID, out var known);
        if (state > TaskState.Running)
        {
            var error = Describe(t);
            if (known is not null) End(known, error, crashed: state is TaskState.Failed or TaskState.Complete);
            else if (wanted || state is TaskState.Failed or TaskState.Rejected)
            {
                _failures.TryAdd(t.ID, new TaskFailure(t.ID, slot, portBase.Value, node?.Display ?? "?", error));
                Note(slot, error, restart: true);
                if (_specs.ContainsKey(portBase.Value))
                    Platform($"web{slot}", $"web{slot} failed to start on {node?.Display ?? "a node"}: {error}");
            }
            _ended.Add(t.ID);
            return;
        }
        if (known is null)
        {
            if (state != TaskState.Running || !wanted || node is null || !node.Ready) return;
            if (!_specs.TryGetValue(portBase.Value, out var spec)) spec = Current;
            if (spec is null) return;
            var instance = new SwarmInstance(t.ID, slot, node, portBase.Value, spec, checks, clock);
            _instances[t.ID] = instance;
            instance.Watch(Changed);
            return;
        }
        if (node is not null) known.NodeChanged(node);
        if (!wanted && known.State != SwarmInstanceState.Draining)
        {
            known.Drain();
            if (known.Started) Platform(known.Name,
                $"{known.Name} of {known.Spec.Tag} on {known.Node.Display} is being stopped by Swarm: it drains");
        }
        else if (node is { Ready: false } && _downNodes.Add(node.Id))
            Platform(known.Name,
                $"node {node.Display} is down: no requests go to its instances; Swarm starts them on the other nodes");
        if (node is { Ready: true }) _downNodes.Remove(node.Id);
    }

    private static string Describe(TaskResponse t)
    {
        var s = t.Status;
        var exit = s?.ContainerStatus?.ExitCode is { } c and not 0 ? $", exit code {c}" : "";
        var said = string.IsNullOrEmpty(s?.Err) ? s?.Message : s.Err;
        return $"{s?.State.ToString()?.ToLowerInvariant()}: {said}{exit}";
    }

    private void End(SwarmInstance i, string why, bool crashed)
    {
        _instances.Remove(i.TaskId);
        _ended.Add(i.TaskId);
        i.Retire();
        if (crashed && i.State != SwarmInstanceState.Draining)
        {
            Note(i.Slot, why, restart: true);
            Platform(i.Name, $"{i.Name} on {i.Node.Display} exited ({why}); Swarm starts it again");
        }
        else if (i.Started) Platform(i.Name, $"{i.Name} of {i.Spec.Tag} on {i.Node.Display} stopped");
    }

    private void Note(int slot, string? exit, bool restart)
    {
        var (restarts, _) = _slots.GetValueOrDefault(slot);
        _slots[slot] = (restart ? restarts + 1 : restarts, exit);
    }

    private void Changed(SwarmInstance i, string? text)
    {
        if (text is not null) Platform(i.Name, text);
        lock (_gate) Publish();
    }

    /// <summary>Replaces the route set: the routable wanted instances, else the draining ones that passed their
    /// check.</summary>
    public void Publish()
    {
        lock (_gate)
        {
            var wanted = _instances.Values.Where(i => i.Routable).ToList();
            var keep = wanted.Count > 0 ? wanted
                : _instances.Values.Where(i => i.State == SwarmInstanceState.Draining && i.Started).ToList();
            routes.Set(app, env, keep.OrderBy(i => i.Slot).Select(i => new RouteDestination(i.TaskId, i.Upstream,
                i.Name)));
            foreach (var d in _instances.Values.Where(i => i.State == SwarmInstanceState.Draining && !keep.Contains(i)))
                _ = d.CloseAsync(checks.Supervisor.DrainPeriod);
        }
    }

    /// <summary>Instances of <paramref name="portBase"/> that pass GitDeploy's checks.</summary>
    public int Serving(int portBase)
    {
        lock (_gate) return _instances.Values.Count(i => i.PortBase == portBase && i.Routable);
    }

    /// <summary>Tasks of <paramref name="portBase"/> that failed (a failed start), with what they printed.</summary>
    public IReadOnlyList<TaskFailure> Failures(int portBase)
    {
        lock (_gate) return _failures.Values.Concat(StartFailures(portBase)).Where(f
            => f.PortBase == portBase).ToList();
    }

    private IEnumerable<TaskFailure> StartFailures(int portBase) => _instances.Values
        .Where(i => i.PortBase == portBase && i.StartFailed)
        .Select(i => new TaskFailure(i.TaskId, i.Slot, portBase, i.Node.Display, i.LastCheck));

    /// <summary>What the instances of <paramref name="portBase"/> last answered GitDeploy's check, for a start that
    /// timed out.</summary>
    public string Waiting(int portBase)
    {
        lock (_gate)
        {
            var waiting = _instances.Values.Where(i => i.PortBase == portBase && !i.Routable).ToList();
            return waiting.Count == 0 ? "no task of it is running yet (is the image being pulled?)"
                : string.Join("; ", waiting.Select(i => $"{i.Name} on {i.Node.Display}: {i.LastCheck}"));
        }
    }

    /// <summary>A line a task printed (the service's log stream).</summary>
    public void Output(string taskId, string text, bool stderr)
    {
        int slot;
        StartLog log;
        lock (_gate)
        {
            if (!_output.TryGetValue(taskId, out var o))
            {
                var known = _slotOf.GetValueOrDefault(taskId);
                o = (known, new StartLog());
                if (known > 0) _output[taskId] = o;
                while (_output.Count > 100) _output.Remove(_output.Keys.First());
            }
            (slot, log) = o;
        }
        log.Add(text.Length > 500 ? text[..500] : text);
        logs.App(app, env, slot > 0 ? $"web{slot}" : "web?", taskId, text, stderr);
    }

    public StartLog? OutputOf(string taskId)
    {
        lock (_gate) return _output.GetValueOrDefault(taskId).Output;
    }

    public IReadOnlyList<InstanceStatus> Status(GitDeploy.Isolation.ResourceLimits? limits)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
            return _instances.Values.OrderBy(i => i.State == SwarmInstanceState.Draining).ThenBy(i
                => i.Slot).Select(i =>
            {
                var (restarts, last) = _slots.GetValueOrDefault(i.Slot);
                var state = i.State == SwarmInstanceState.Starting && i.StartFailed ? "crashed"
                    : i.State.ToString().ToLowerInvariant();
                var up = i.HealthySince is { } h && i.Routable ? Math.Round((now - h).TotalSeconds) : 0;
                return new InstanceStatus(i.Name, env, i.Spec.Tag, 0, i.Port, state, restarts, last, up, null, limits,
                    Node: i.Node.Display);
            }).ToList();
    }

    /// <summary>Stops checking and routing everything (the service is being removed).</summary>
    public void Forget()
    {
        lock (_gate)
        {
            foreach (var i in _instances.Values) i.Retire();
            _instances.Clear();
            routes.Remove(app, env);
        }
        Following.Cancel();
    }
}

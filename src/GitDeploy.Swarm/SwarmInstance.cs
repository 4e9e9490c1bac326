using System.Net.Sockets;
using GitDeploy.Runtime.Router;
using GitDeploy.Runtime.Supervisor;

namespace GitDeploy.Swarm;

/// <summary>
/// A running Swarm task as GitDeploy checks it, from the server, on its node's address: its startup
/// check must pass before the router sends it anything (whatever Swarm thinks of it); then its port is
/// connected to every <see cref="SwarmOptions.ConnectInterval"/> (a node that went away stops getting
/// requests within seconds, before Swarm notices) and GitDeploy's health check runs at the health interval.
/// </summary>
public sealed class SwarmInstance(
    string taskId, int slot, SwarmNode node, int portBase, InstanceSpec spec, SwarmChecks checks, TimeProvider clock)
{
    private readonly CancellationTokenSource _cts = new();
    private Upstream? _upstream;

    public string TaskId => taskId;
    public int Slot => slot;
    public string Name => $"web{slot}";
    public SwarmNode Node { get; private set; } = node;
    public int PortBase => portBase;
    public int Port => portBase + slot;
    public InstanceSpec Spec => spec;
    public SwarmInstanceState State { get; private set; } = SwarmInstanceState.Starting;
    public DateTimeOffset? HealthySince { get; private set; }
    /// <summary>Whether it passed its startup check once (a draining one that never did is not routed).</summary>
    public bool Started { get; private set; }
    /// <summary>The last check's answer, for a deploy that waits on it.</summary>
    public string LastCheck { get; private set; } = "not checked yet";
    public bool StartFailed { get; private set; }
    public Upstream Upstream => _upstream ??= new Upstream($"http://{Node.Address}:{Port}");

    public bool Routable => Started && State == SwarmInstanceState.Healthy && Node.Ready;

    /// <summary>Checks it until it is retired; <paramref name="changed"/> is told every change of state, with what to
    /// log.</summary>
    public void Watch(Action<SwarmInstance, string?> changed) => _ = Task.Run(() => WatchAsync(changed, _cts.Token));

    public void NodeChanged(SwarmNode now) => Node = now;

    /// <summary>Swarm is stopping the task: no more checks; the router keeps it only while nothing else
    /// serves.</summary>
    public void Drain()
    {
        State = SwarmInstanceState.Draining;
        _cts.Cancel();
    }

    /// <summary>Closes the router's way to it once no request is in flight (at most <paramref
    /// name="limit"/>).</summary>
    public Task CloseAsync(TimeSpan limit) => _upstream is { } u ? u.CloseAsync(limit, clock, CancellationToken.None)
        : Task.CompletedTask;

    /// <summary>The task ended: nothing more is sent to it.</summary>
    public void Retire()
    {
        _cts.Cancel();
        _upstream?.Close();
    }

    private async Task WatchAsync(Action<SwarmInstance, string?> changed, CancellationToken ct)
    {
        try
        {
            await StartAsync(changed, ct);
            await KeepAsync(changed, ct);
        }
        catch (OperationCanceledException) { }
    }

    private async Task StartAsync(Action<SwarmInstance, string?> changed, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var probe = await checks.Startup.ProbeAsync(Node.Address, Port, spec, TimeSpan.FromSeconds(2), ct);
            if (probe.Ok)
            {
                var (fatal, detail) = await checks.Startup.FunctionsAsync(Node.Address, Port, spec, ct);
                LastCheck = fatal ? detail : probe.Detail + detail;
                if (fatal)
                {
                    StartFailed = true;
                    changed(this, $"{Name} failed GitDeploy's startup check on {Node.Display}: {detail}");
                    return;
                }
                Started = true;
                State = SwarmInstanceState.Healthy;
                HealthySince = clock.GetUtcNow();
                changed(this, $"{Name} started {spec.Tag} on node {Node.Display}, port {Port} ({LastCheck})");
                return;
            }
            LastCheck = probe.Detail;
            await Task.Delay(TimeSpan.FromMilliseconds(50), clock, ct);
        }
    }

    private async Task KeepAsync(Action<SwarmInstance, string?> changed, CancellationToken ct)
    {
        int unreachable = 0, timedOut = 0, unhealthy = 0;
        var nextHealth = clock.GetUtcNow() + checks.Supervisor.HealthInterval;
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(checks.Swarm.ConnectInterval, clock, ct);
            var (connected, why) = await ConnectAsync(ct);
            // A refused connect is proof that nothing listens; a timed-out one may be this server's own load
            // (a busy thread pool finishes the connect after its deadline), so it takes more of them in a row.
            var refused = !connected && why != TimedOut;
            unreachable = refused ? unreachable + 1 : 0;
            timedOut = !connected && !refused ? timedOut + 1 : 0;
            if (clock.GetUtcNow() >= nextHealth && connected)
            {
                nextHealth = clock.GetUtcNow() + checks.Supervisor.HealthInterval;
                var probe = await checks.Startup.ProbeAsync(Node.Address, Port, spec, checks.Supervisor.HealthTimeout,
                    ct);
                unhealthy = probe.Ok ? 0 : unhealthy + 1;
                if (!probe.Ok) changed(this, $"Health check failed: {Name} on {Node.Display} " +
                    $"({unhealthy}/{checks.Supervisor.HealthFailures}): {probe.Detail}");
            }
            var now =
                unreachable >= checks.Swarm.ConnectFailures || timedOut >= checks.Swarm.ConnectTimeouts
                    ? SwarmInstanceState.Unreachable
                : unhealthy >= checks.Supervisor.HealthFailures ? SwarmInstanceState.Unhealthy
                : SwarmInstanceState.Healthy;
            if (now == State || ct.IsCancellationRequested) continue;
            var before = State;
            State = now;
            changed(this, now switch
            {
                SwarmInstanceState.Unreachable
                    => $"{Name} on {Node.Display} cannot be reached ({why}): no requests go to it",
                SwarmInstanceState.Unhealthy => $"{Name} on {Node.Display} is unhealthy: no requests go to it " +
                    "(its own check in the task makes Swarm replace it)",
                _ => $"{Name} on {Node.Display} answers again ({before.ToString().ToLowerInvariant()} before): " +
                    "it gets requests again",
            });
        }
    }

    private async Task<(bool, string)> ConnectAsync(CancellationToken ct)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await socket.ConnectAsync(Node.Address, Port, timeout.Token);
            return (true, "");
        }
        catch (SocketException e) { return (false, e.SocketErrorCode.ToString()); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return (false, TimedOut); }
    }

    private const string TimedOut = "connect timed out";
}

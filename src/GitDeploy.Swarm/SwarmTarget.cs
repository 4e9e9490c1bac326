using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using GitDeploy.Isolation;
using GitDeploy.Runtime.Logs;
using GitDeploy.Runtime.Router;
using GitDeploy.Runtime.Supervisor;
using GitDeploy.Runtime.Targets;
using Microsoft.Extensions.Logging;

namespace GitDeploy.Swarm;

/// <summary>
/// The <c>swarm</c> release target: each environment of an app is a Swarm service whose tasks run the
/// release's image on the cluster's nodes. A deploy is a service update (start-first, rolled back by
/// Swarm when a new task fails), believed only when the service's update status says completed and every
/// new instance passed GitDeploy's own startup check from this server; a failed one leaves the old
/// release serving. Services outlive the server: a restarted server takes them over without restarting them.
/// </summary>
public sealed class SwarmTarget(
    SwarmOptions options, SupervisorOptions supervisor, DockerClient docker, ReleaseImages images, SwarmChecks checks,
    RouteTable routes, AppLogs logs, Sandbox sandbox, TimeProvider clock, ILogger<SwarmTarget> log) : IReleaseTarget
{
    private readonly ConcurrentDictionary<(string App, string Env), SwarmEnvironment> _envs = new();

    public string Name => ReleaseTargets.Swarm;

    internal IEnumerable<SwarmEnvironment> Environments => _envs.Values;

    private SwarmEnvironment Env(string app, string env) =>
        _envs.GetOrAdd((app, env), k => new SwarmEnvironment(k.App, k.Env, checks, routes, logs, clock));

    public async Task<RolloutResult> DeployAsync(InstanceSpec release, int instances, Action<string> progress,
        CancellationToken ct)
    {
        instances = Math.Clamp(instances, 1, SupervisorOptions.MaxInstances);
        if (release.PersistentDir is not null)
            return Fail($"{release.App} ({release.Env}) has a persistent directory, which lives on this server: " +
                "the swarm " +
                "target cannot mount it on its nodes; turn it off " +
                $"(gitdeploy apps persistent {release.App} off --env " +
                $"{release.Env}) or keep the app on the local target");
        var env = Env(release.App, release.Env);
        await env.Changes.WaitAsync(ct);
        try
        {
            ReleaseImages.Image image;
            try { image = await images.EnsureAsync(release, progress, ct); }
            catch (RegistryException e) { return Fail("packaging the release as an image failed: " + e.Message); }
            var existing = await FindAsync(ServiceSpecs.Name(release.App, release.Env), ct);
            if (existing is not null && env.ServiceId is null && Matches(existing, image, instances))
                return await AdoptAsync(env, existing, release, progress, ct);
            var portBase = await FreePortsAsync(ct);
            if (portBase is null) return Fail($"no free block of ports left in {options.PortsFrom}-{options.PortsTo}");
            var spec = ServiceSpecs.Build(release, image, instances, portBase.Value, options, supervisor,
                sandbox.Options.Instance);
            env.Expect(portBase.Value, release);
            progress($"Deploying {release.Tag} to {instances} instance{(instances == 1 ? "" : "s")} on the swarm " +
                $"(service {spec.Name}, ports {portBase + 1}-{portBase + instances}, start-first)");
            return existing is null
                ? await CreateAsync(env, spec, release, portBase.Value, instances, progress, ct)
                : await UpdateAsync(env, existing, spec, release, portBase.Value, instances, progress, ct);
        }
        catch (DockerApiException e)
        {
            return Fail($"the swarm manager refused: {e.Message.Trim()}");
        }
        catch (HttpRequestException e)
        {
            return Fail($"cannot reach the swarm manager at {options.Host} ({e.Message}); is it running?");
        }
        finally
        {
            env.Changes.Release();
        }
    }

    private static RolloutResult Fail(string message, IReadOnlyList<string>? tail = null) => new(false, message,
        tail ?? []);

    private static bool Matches(SwarmService s, ReleaseImages.Image image, int instances) =>
        s.Spec.TaskTemplate?.ContainerSpec?.Image == $"{image.Reference}@{image.Digest}"
        && s.Spec.Mode?.Replicated?.Replicas == (ulong)instances;

    /// <summary>A server that restarted finds its service running this release: it checks the tasks and routes
    /// them.</summary>
    private async Task<RolloutResult> AdoptAsync(
        SwarmEnvironment env, SwarmService s, InstanceSpec release, Action<string> progress, CancellationToken ct)
    {
        var portBase = int.Parse(s.Spec.Labels[ServiceSpecs.PortsLabel],
            System.Globalization.CultureInfo.InvariantCulture);
        env.Expect(portBase, release);
        Track(env, s.ID, release, portBase);
        progress($"Service {s.Spec.Name} already runs {release.Tag}: checking its instances");
        var count = (int)(s.Spec.Mode.Replicated.Replicas ?? 1);
        var outcome = await WaitServingAsync(env, portBase, count, release, null, ct);
        return outcome ?? new RolloutResult(true,
            $"Deploy finished: {count} instance(s) on the swarm, taken over as they ran", []);
    }

    private async Task<RolloutResult> CreateAsync(
        SwarmEnvironment env, ServiceSpec spec, InstanceSpec release, int portBase, int count, Action<string> progress,
            CancellationToken ct)
    {
        var created = await docker.Swarm.CreateServiceAsync(new ServiceCreateParameters { Service = spec }, ct);
        Track(env, created.ID, release, portBase);
        var failure = await WaitServingAsync(env, portBase, count, release, null, ct);
        if (failure is null) return Done(count);
        env.Forget();
        _envs.TryRemove((release.App, release.Env), out _);
        await docker.Swarm.RemoveServiceAsync(created.ID, CancellationToken.None);
        return failure;
    }

    private async Task<RolloutResult> UpdateAsync(
        SwarmEnvironment env, SwarmService existing, ServiceSpec spec, InstanceSpec release, int portBase, int count,
        Action<string> progress, CancellationToken ct)
    {
        var previous = existing.UpdateStatus?.StartedAt;
        if (env.ServiceId is null)
            Track(env, existing.ID, release, int.TryParse(ServiceSpecs.Label(existing.Spec.Labels,
                ServiceSpecs.PortsLabel), out var b) ? b : 0);
        await docker.Swarm.UpdateServiceAsync(existing.ID,
            new ServiceUpdateParameters { Service = spec, Version = (long)(existing.Version.Index ?? 0) }, ct);
        var failure = await WaitServingAsync(env, portBase, count, release, previous, ct);
        if (failure is null)
        {
            env.Current = release;
            env.PortBase = portBase;
            return Done(count);
        }
        await SettleAsync(existing.ID, previous, progress);
        return failure;
    }

    /// <summary>
    /// After a failed rollout: Swarm rolls an update back by itself when a new task fails (failure action
    /// rollback), so it is left to finish that; GitDeploy rolls back itself only when Swarm took the update
    /// for a success (or paused it), and when Swarm has not settled within a minute. Never both: a second
    /// rollback would swap back to the failed spec.
    /// </summary>
    private async Task SettleAsync(string id, DateTime? previous, Action<string> progress)
    {
        var deadline = clock.GetUtcNow() + TimeSpan.FromMinutes(1);
        while (true)
        {
            var now = await docker.Swarm.InspectServiceAsync(id, CancellationToken.None);
            var status = now.UpdateStatus;
            var state = status is not null && status.StartedAt != previous ? status.State : "updating";
            if (state == "rollback_completed") return;
            if (state is "completed" or "paused" or "rollback_paused" || clock.GetUtcNow() > deadline
                && state == "updating")
            {
                progress("Rolling the service back to the release that was serving");
                await docker.Swarm.UpdateServiceAsync(id, new ServiceUpdateParameters
                {
                    Service = now.PreviousSpec ?? now.Spec, Version = (long)(now.Version.Index ?? 0), Rollback
                        = "previous",
                }, CancellationToken.None);
                return;
            }
            if (clock.GetUtcNow() > deadline) return;
            await Task.Delay(TimeSpan.FromMilliseconds(200), clock, CancellationToken.None);
        }
    }

    private static RolloutResult Done(int count) =>
        new(true, $"Deploy finished: {count} instance{(count == 1 ? "" : "s")} deployed on the swarm", []);

    /// <summary>
    /// Null once <paramref name="count"/> instances of the rollout pass GitDeploy's check (and, for an update,
    /// Swarm's update status says completed); the failure otherwise: a task that failed, an update Swarm
    /// rolled back or paused, or the startup timeout (plus the time to pull the image) passed.
    /// </summary>
    private async Task<RolloutResult?> WaitServingAsync(
        SwarmEnvironment env, int portBase, int count, InstanceSpec release, DateTime? previousUpdate,
            CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + Allowed(release);
        var updating = previousUpdate is not null || env.ServiceId is not null && env.PortBase != portBase;
        while (true)
        {
            var failures = env.Failures(portBase);
            if (failures.Count > 0) return await StartFailedAsync(env, failures[0], updating, ct);
            var serving = env.Serving(portBase) >= count;
            if (updating && env.ServiceId is { } id)
            {
                var s = await docker.Swarm.InspectServiceAsync(id, ct);
                var status = s.UpdateStatus;
                var fresh = status is not null && status.StartedAt != previousUpdate;
                if (fresh
                    && status!.State is "rollback_started" or "rollback_completed" or "rollback_paused" or "paused")
                    return await StoppedAsync(env, portBase, status, ct);
                if (serving && fresh && status!.State == "completed") return null;
            }
            else if (serving) return null;
            if (clock.GetUtcNow() > deadline)
                return Fail($"Instance failed to start: no instance of {release.Tag} passed " +
                    "GitDeploy's startup check " +
                    $"within {Allowed(release).TotalSeconds:0} s: {env.Waiting(portBase)}");
            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, ct);
        }
    }

    private TimeSpan Allowed(InstanceSpec release) => release.StartupTimeout + options.PullAllowance;

    /// <summary>Swarm stopped the update: the task that failed says why (the next polls see it), else Swarm.</summary>
    private async Task<RolloutResult> StoppedAsync(
        SwarmEnvironment env, int portBase, UpdateStatus status, CancellationToken ct)
    {
        var until = clock.GetUtcNow() + TimeSpan.FromSeconds(5);
        while (clock.GetUtcNow() < until)
        {
            if (env.Failures(portBase) is [var failed, ..]) return await StartFailedAsync(env, failed, true, ct);
            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, ct);
        }
        return Fail($"Instance failed to start: Swarm stopped the update ({status.State}: {status.Message}); " +
            "the release that was serving keeps serving");
    }

    /// <summary>A task of the rollout failed: its error and what it printed (its last lines may trail it).</summary>
    private async Task<RolloutResult> StartFailedAsync(
        SwarmEnvironment env, SwarmEnvironment.TaskFailure f, bool updating, CancellationToken ct)
    {
        var until = clock.GetUtcNow() + TimeSpan.FromSeconds(3);
        while (env.OutputOf(f.TaskId)?.LastError is null && clock.GetUtcNow() < until)
            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, ct);
        var output = env.OutputOf(f.TaskId);
        var cause = output?.LastError is { } error ? $" (the app's last error: {error})" : "";
        return new RolloutResult(false, $"Instance failed to start: web{f.Slot} on {f.Node}: {f.Error}{cause}" +
            (updating ? "; Swarm rolls the service back" : ""), output?.Lines(40) ?? []);
    }

    /// <summary>Starts polling and following the logs of an environment's service.</summary>
    private void Track(SwarmEnvironment env, string serviceId, InstanceSpec current, int portBase)
    {
        var first = env.ServiceId is null;
        env.ServiceId = serviceId;
        env.Current ??= current;
        if (env.PortBase == 0) env.PortBase = portBase;
        if (!first) return;
        env.Following = new CancellationTokenSource();
        _ = Task.Run(() => SwarmLogFollower.FollowAsync(docker, env, serviceId, clock, log, env.Following.Token));
    }

    public async Task<RolloutResult> ScaleAsync(string app, string env, int instances, Action<string> progress,
        CancellationToken ct)
    {
        instances = Math.Clamp(instances, 1, SupervisorOptions.MaxInstances);
        var e = Env(app, env);
        await e.Changes.WaitAsync(ct);
        try
        {
            if (e.ServiceId is null || e.Current is null)
                return new RolloutResult(true,
                    $"{env} has no running release; {instances} instance(s) will start at its next deploy", []);
            var s = await docker.Swarm.InspectServiceAsync(e.ServiceId, ct);
            var before = (int)(s.Spec.Mode.Replicated.Replicas ?? 1);
            s.Spec.Mode.Replicated.Replicas = (ulong)instances;
            await docker.Swarm.UpdateServiceAsync(s.ID, new ServiceUpdateParameters { Service = s.Spec, Version
                = (long)(s.Version.Index ?? 0) }, ct);
            progress($"{app} ({env}): {before} → {instances} instance(s) on the swarm");
            if (instances > before && await WaitServingAsync(e, e.PortBase, instances, e.Current, null,
                ct) is { } failure)
            {
                var again = await docker.Swarm.InspectServiceAsync(s.ID, CancellationToken.None);
                again.Spec.Mode.Replicated.Replicas = (ulong)before;
                await docker.Swarm.UpdateServiceAsync(s.ID, new ServiceUpdateParameters
                {
                    Service = again.Spec, Version = (long)(again.Version.Index ?? 0),
                }, CancellationToken.None);
                return failure;
            }
            return new RolloutResult(true, $"{app} ({env}) runs {instances} instance{(instances == 1 ? ""
                : "s")} on the swarm", []);
        }
        catch (DockerApiException ex)
        {
            return Fail($"the swarm manager refused: {ex.Message.Trim()}");
        }
        finally
        {
            e.Changes.Release();
        }
    }

    public IReadOnlyList<InstanceStatus> Status(string app, bool cpuUse = true) =>
        _envs.Values.Where(e => e.App == app).OrderBy(e => e.Env).SelectMany(e
            => e.Status(sandbox.Options.Instance)).ToList();

    public async Task StopAsync(string app, string env)
    {
        if (!_envs.TryRemove((app, env), out var e)) e = null;
        e?.Forget();
        try
        {
            if (await FindAsync(ServiceSpecs.Name(app, env), CancellationToken.None) is { } s)
                await docker.Swarm.RemoveServiceAsync(s.ID, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException)
        {
            log.LogWarning("could not remove the service of {App}/{Env}: {Error}", app, env, ex.Message);
        }
    }

    public async Task DestroyAsync(string app)
    {
        foreach (var env in GitDeploy.State.Environments.All) await StopAsync(app, env);
    }

    private async Task<SwarmService?> FindAsync(string name, CancellationToken ct)
    {
        var found = await docker.Swarm.ListServicesAsync(new ServiceListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string,
                bool> { [name] = true } },
        }, ct);
        return found.FirstOrDefault(s => s.Spec.Name == name);
    }

    /// <summary>A block no GitDeploy service's spec (current or previous) holds.</summary>
    private async Task<int?> FreePortsAsync(CancellationToken ct)
    {
        var services = await docker.Swarm.ListServicesAsync(new ServiceListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string,
                bool> { [ServiceSpecs.AppLabel] = true } },
        }, ct);
        var used = new HashSet<int>();
        foreach (var s in services)
            foreach (var spec in new[] { s.Spec, s.PreviousSpec })
                if (ServiceSpecs.Label(spec?.Labels, ServiceSpecs.PortsLabel) is { } p && int.TryParse(p,
                    out var b)) used.Add(b);
        foreach (var e in _envs.Values) used.Add(e.PortBase);
        return PortBlocks.Next(options.PortsFrom, options.PortsTo, used);
    }

    /// <summary>One poll: the nodes, then each tracked environment's tasks.</summary>
    internal async Task PollAsync(CancellationToken ct)
    {
        var nodes = (await docker.Swarm.ListNodesAsync(ct)).Select(SwarmNode.From).ToDictionary(n => n.Id);
        foreach (var env in _envs.Values.Where(e => e.ServiceId is not null).ToList())
        {
            var tasks = await docker.Tasks.ListAsync(new TasksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string,
                    bool> { [env.ServiceId!] = true } },
            }, ct);
            env.Reconcile(tasks, nodes);
        }
    }

    /// <summary>The server stops: services keep running (the next server takes them over); checks and log streams
    /// end.</summary>
    internal void Detach()
    {
        foreach (var e in _envs.Values) e.Following.Cancel();
    }
}

using GitDeploy.Runtime.Router;
using GitDeploy.Runtime.Supervisor;
using GitDeploy.State;

namespace GitDeploy.Runtime.Targets;

/// <summary>
/// The release targets this server has, and which one runs an app: the one the app chose
/// (<c>gitdeploy apps set APP --target NAME</c>, stored with the app), the local supervisor by default.
/// </summary>
public sealed class ReleaseTargets
{
    public const string Local = "local";
    public const string Swarm = "swarm";
    private readonly Dictionary<string, IReleaseTarget> _byName;
    private readonly AppStore _apps;
    private readonly RouteTable _routes;

    public ReleaseTargets(IEnumerable<IReleaseTarget> targets, AppStore apps, RouteTable routes)
    {
        _byName = targets.ToDictionary(t => t.Name, StringComparer.Ordinal);
        if (!_byName.ContainsKey(Local))
            throw new InvalidOperationException("the local release target is not registered");
        _apps = apps;
        _routes = routes;
    }

    public IReadOnlyCollection<string> Names => _byName.Keys;

    /// <summary>Every target a server can have, registered here or not.</summary>
    public static readonly IReadOnlyList<string> Known = [Local, Swarm];

    /// <summary>Why an app cannot choose <paramref name="name"/> on this server, or null.</summary>
    public string? Refusal(string name) =>
        _byName.ContainsKey(name) ? null
        : !Known.Contains(name) ? $"'{name}' is not a release target: use {string.Join(" or ", Known)}"
        : UnavailableTarget.Why(name);

    /// <summary>The target that runs <paramref name="app"/>; one that refuses every deploy when the server lacks
    /// it.</summary>
    public IReleaseTarget For(string app)
    {
        var name = _apps.Target(app);
        return _byName.TryGetValue(name, out var target) ? target : new UnavailableTarget(name);
    }

    /// <summary>
    /// A deploy on the app's target; once it serves, the environment's instances on any other target
    /// (it ran there before the app moved) are stopped, and the new target's routes kept.
    /// </summary>
    public async Task<RolloutResult> DeployAsync(InstanceSpec release, int instances, Action<string> progress,
        CancellationToken ct)
    {
        var target = For(release.App);
        var result = await target.DeployAsync(release, instances, progress, ct);
        if (!result.Ok) return result;
        foreach (var other in _byName.Values.Where(t => t != target))
        {
            if (!other.Status(release.App).Any(i => i.Env == release.Env)) continue;
            progress($"Stopping the instances {release.Env} had on the {other.Name} target");
            var live = _routes.Get(release.App, release.Env);
            var stopping = other.StopAsync(release.App, release.Env); // removes the routes before its first wait
            _routes.Set(release.App, release.Env, live);
            await stopping;
        }
        return result;
    }

    /// <summary>Every target's instances of the app (an app that moved keeps no instance behind).</summary>
    public IReadOnlyList<InstanceStatus> Status(string app, bool cpuUse = true) =>
        _byName.Values.SelectMany(t => t.Status(app, cpuUse)).ToList();

    /// <summary>Stops the app on every target.</summary>
    public Task DestroyAsync(string app) => Task.WhenAll(_byName.Values.Select(t => t.DestroyAsync(app)));
}

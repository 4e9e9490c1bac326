using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace GitDeploy.Runtime.Router;

/// <summary>
/// (app, environment) → the healthy instances serving it. Each set is replaced whole, so a
/// request sees either the old destinations or the new ones, never a mix in progress.
/// </summary>
public sealed class RouteTable
{
    private readonly ConcurrentDictionary<(string App, string Env), ImmutableArray<RouteDestination>> _routes = new();
    private int _next;

    public void Set(string app, string env, IEnumerable<RouteDestination> destinations) =>
        _routes[(app, env)] = [.. destinations];

    /// <summary>The destinations serving (app, environment) now.</summary>
    public ImmutableArray<RouteDestination> Get(string app, string env) =>
        _routes.TryGetValue((app, env), out var set) ? set : [];

    public void Remove(string app, string env) => _routes.TryRemove((app, env), out _);

    public RouteDestination? Pick(string app, string env)
    {
        if (!_routes.TryGetValue((app, env), out var set) || set.IsEmpty) return null;
        var i = (Interlocked.Increment(ref _next) & int.MaxValue) % set.Length;
        return set[i];
    }
}

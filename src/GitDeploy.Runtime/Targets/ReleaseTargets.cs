namespace GitDeploy.Runtime.Targets;

/// <summary>
/// The release targets this server has, and which one runs an app. The local supervisor is the
/// default and, until an app chooses another one, the only target any app uses.
/// </summary>
public sealed class ReleaseTargets
{
    public const string Local = "local";
    private readonly Dictionary<string, IReleaseTarget> _byName;

    public ReleaseTargets(IEnumerable<IReleaseTarget> targets)
    {
        _byName = targets.ToDictionary(t => t.Name, StringComparer.Ordinal);
        if (!_byName.ContainsKey(Local)) throw new InvalidOperationException("the local release target is not registered");
    }

    public IReadOnlyCollection<string> Names => _byName.Keys;

    /// <summary>The target that runs <paramref name="app"/>.</summary>
    public IReleaseTarget For(string app) => _byName[Local];

    /// <summary>Every target's instances of the app (an app that moved keeps no instance behind).</summary>
    public IReadOnlyList<Supervisor.InstanceStatus> Status(string app, bool cpuUse = true) =>
        _byName.Values.SelectMany(t => t.Status(app, cpuUse)).ToList();

    /// <summary>Stops the app on every target.</summary>
    public Task DestroyAsync(string app) => Task.WhenAll(_byName.Values.Select(t => t.DestroyAsync(app)));
}

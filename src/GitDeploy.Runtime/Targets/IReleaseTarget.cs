using GitDeploy.Runtime.Supervisor;

namespace GitDeploy.Runtime.Targets;

/// <summary>
/// Where a release's instances run: the server's own supervisor (<c>local</c>), or a distributed
/// engine. A target starts instances, keeps them alive and publishes the healthy ones to the router;
/// it writes their output into <see cref="Logs.AppLogs"/>, the one per-app log stream that
/// <c>gitdeploy logs -f</c> follows. Rollback and restart are deploys of a stored release.
/// </summary>
public interface IReleaseTarget
{
    /// <summary>The name users choose it by (<c>local</c>, <c>swarm</c>).</summary>
    string Name { get; }

    /// <summary>Replaces the environment's instances with <paramref name="instances"/> of <paramref name="release"/>,
    /// start before stop: the live ones keep serving unless every new one passes its startup check.</summary>
    Task<RolloutResult> DeployAsync(InstanceSpec release, int instances, Action<string> progress, CancellationToken ct);

    /// <summary>Adds or removes instances of the environment's current release.</summary>
    Task<RolloutResult> ScaleAsync(
        string app,
        string env,
        int instances,
        Action<string> progress,
        CancellationToken ct
    );

    /// <summary>Every instance of the app, in both environments, the draining ones too; with CPU use unless
    /// <paramref name="cpuUse"/> is false (cheaper, for gauges and lists).</summary>
    IReadOnlyList<InstanceStatus> Status(string app, bool cpuUse = true);

    /// <summary>Stops one environment's instances and removes its routes.</summary>
    Task StopAsync(string app, string env);

    /// <summary>Stops everything of the app and forgets it.</summary>
    Task DestroyAsync(string app);
}

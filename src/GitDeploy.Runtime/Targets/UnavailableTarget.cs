using GitDeploy.Runtime.Supervisor;

namespace GitDeploy.Runtime.Targets;

/// <summary>
/// The target an app chose that this server was started without (e.g. swarm, without
/// <c>--swarm-host</c>): every deploy and scale fails saying so; it runs nothing.
/// </summary>
internal sealed class UnavailableTarget(string name) : IReleaseTarget
{
    public string Name => name;

    public static string Why(string name) =>
        $"this server has no {name} target" + (name == ReleaseTargets.Swarm
            ? ": start it with `gitdeploy serve --swarm-host unix:///var/run/docker.sock --swarm-registry HOST:PORT` " +
              "(README \"Running on a Docker Swarm cluster\"), or keep the app on the local target " +
              "(gitdeploy apps set APP --target local)"
            : "");

    private RolloutResult Refuse(string app) =>
        new(false, $"{app} runs on the {name} target, but {Why(name)}", []);

    public Task<RolloutResult> DeployAsync(InstanceSpec release, int instances, Action<string> progress,
        CancellationToken ct) =>
        Task.FromResult(Refuse(release.App));

    public Task<RolloutResult> ScaleAsync(string app, string env, int instances, Action<string> progress,
        CancellationToken ct) =>
        Task.FromResult(Refuse(app));

    public IReadOnlyList<InstanceStatus> Status(string app, bool cpuUse = true) => [];

    public Task StopAsync(string app, string env) => Task.CompletedTask;

    public Task DestroyAsync(string app) => Task.CompletedTask;
}

using GitDeploy.Deploys.Releases;
using GitDeploy.Runtime.Supervisor;

namespace GitDeploy.Server.Api;

/// <summary>An environment's instance count: stored (it applies to every later deploy), recorded, and applied
/// now.</summary>
public sealed class Scaling(
    AppStore apps,
    EnvironmentStore envs,
    GitDeploy.Runtime.Targets.ReleaseTargets targets,
    HistoryStore history
)
{
    public async Task<OperationResult> ScaleAsync(string app, string env, int count, string actor)
    {
        if (apps.Find(app) is null)
            return OperationResult.Fail(
                OperationFailure.NotFound,
                $"no app named '{app}'; see `gitdeploy apps list`, or create it with "
                    + $"`gitdeploy apps create {app}`"
            );
        if (count is < 1 or > SupervisorOptions.MaxInstances)
            return OperationResult.Fail(
                OperationFailure.Invalid,
                $"an environment runs 1 to {SupervisorOptions.MaxInstances} instances, not {count}"
            );
        envs.SetScale(app, env, count);
        history.Add(app, env, "scale", $"{count} instance(s)", actor);
        var events = new List<string>();
        var result = await targets.For(app).ScaleAsync(app, env, count, events.Add, CancellationToken.None);
        return result.Ok
            ? new OperationResult(true, OperationFailure.None, result.Message, Events: events)
            : OperationResult.Fail(
                OperationFailure.StartFailed,
                result.Message + " (the other instances keep serving)"
            );
    }
}

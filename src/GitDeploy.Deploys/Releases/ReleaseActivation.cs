using GitDeploy.Runtime.Supervisor;
using GitDeploy.State;

namespace GitDeploy.Deploys.Releases;

/// <summary>
/// The last step every deploy shares, whether it built a release or reuses a stored one (rollback,
/// promote, restart): its instances started on the app's release target, then the environment
/// switched to it, the release marked live, the deploy record finished and the history written. A
/// failed start changes nothing but the deploy record: the live release keeps serving.
/// </summary>
public sealed class ReleaseActivation(
    ReleaseStarter starter, EnvironmentStore environments, ReleaseStore releases, DeployStore deploys,
    HistoryStore history, Retention retention)
{
    /// <param name="beforeSuccess">Runs once the release is live, before the deploy is marked succeeded
    /// (whoever sees "succeeded" then reads a complete log).</param>
    public async Task<Activation> ActivateAsync(AppRecord app, string env, string tag,
        IReadOnlyDictionary<string, string> config, long deployId, Action<string> progress, ActivationRecord record,
        Action<RolloutResult>? beforeSuccess = null)
    {
        deploys.SetStatus(deployId, DeployStatus.Deploying, tag);
        var rollout = await starter.StartAsync(app, env, tag, config, progress, CancellationToken.None);
        if (!rollout.Ok)
        {
            var live = environments.ActiveTag(app.Name, env);
            var keeps = live is null ? "" : $"; {live} keeps serving {env}";
            var message = rollout.Message.TrimEnd('.') + keeps;
            try { deploys.SetStatus(deployId, DeployStatus.Failed, error: message); }
            catch (Exception e) when (DiskSpace.IsFull(e)) { } // the next start marks it failed
            return new Activation(false, message, rollout.LogTail);
        }
        environments.SetActive(app.Name, env, tag);
        releases.SetStatus(app.Name, tag, ReleaseStatus.Deployed);
        beforeSuccess?.Invoke(rollout);
        deploys.SetStatus(deployId, DeployStatus.Succeeded, tag);
        history.Add(app.Name, env, record.Kind, record.Detail, record.Actor);
        retention.Prune(app.Name);
        return new Activation(true, rollout.Message, []);
    }
}

using GitDeploy.Deploys.Queue;
using GitDeploy.State;

namespace GitDeploy.Deploys.Releases;

/// <summary>
/// Rollback, promote and restart: a stored artifact started again (no build, no pip) with the
/// zero-downtime switch-over of a deploy. Each is a deploy record (its trigger says which) and a
/// history entry, and runs in the app's deploy queue so operations on one app never interleave.
/// </summary>
public sealed class ReleaseOperations(
    DeployService deploys,
    ReleaseActivation activation,
    AppStore apps,
    ReleaseStore releases,
    EnvironmentStore environments,
    ConfigStore configs,
    DeployStore deployStore,
    Retention retention,
    PlatformOptions platform
)
{
    public async Task<OperationResult> RollbackAsync(string app, string env, string tag, bool withConfig, string actor)
    {
        var release = releases.Find(app, tag);
        if (release is null)
            return OperationResult.Fail(
                OperationFailure.NotFound,
                $"{app} has no release {tag}; retained releases: {Retained(app)}"
            );
        if (release.Pruned)
            return OperationResult.Fail(
                OperationFailure.Pruned,
                $"the artifact of {tag} was pruned (the newest {platform.KeepReleases}, "
                    + "the pinned and the live releases are kept); retained releases: "
                    + $"{Retained(app)}. Rebuild it from git with `gitdeploy deploy "
                    + $"{app} --ref {tag} --env {env}`"
            );
        return await deploys.RunExclusiveAsync(
            app,
            () =>
            {
                IReadOnlyDictionary<string, string> config;
                if (withConfig)
                {
                    // The config recorded when the release was built and first started.
                    config = ConfigStore.FromSnapshot(deployStore.ConfigOfDeploy(release.DeployId));
                    configs.Replace(app, env, config);
                }
                else
                    config = configs.List(app, env);
                return StartAsync(app, env, release, config, DeployTrigger.Rollback, actor, withConfig);
            }
        );
    }

    public async Task<OperationResult> PromoteAsync(string app, string actor)
    {
        var tag = environments.ActiveTag(app, Environments.Stage);
        if (tag is null)
            return OperationResult.Fail(
                OperationFailure.NothingLive,
                $"{app} has nothing live on stage to promote; deploy to stage first (git push engine stage)"
            );
        var release = releases.Find(app, tag)!;
        return await deploys.RunExclusiveAsync(
            app,
            () =>
                StartAsync(
                    app,
                    Environments.Production,
                    release,
                    configs.List(app, Environments.Production),
                    DeployTrigger.Promote,
                    actor
                )
        );
    }

    public async Task<OperationResult> RestartAsync(string app, string env, string actor)
    {
        var tag = environments.ActiveTag(app, env);
        if (tag is null)
            return OperationResult.Fail(
                OperationFailure.NothingLive,
                $"{app} has nothing live on {env} to restart; deploy it first with git push"
            );
        var release = releases.Find(app, tag)!;
        return await deploys.RunExclusiveAsync(
            app,
            () => StartAsync(app, env, release, configs.List(app, env), DeployTrigger.Restart, actor)
        );
    }

    private async Task<OperationResult> StartAsync(
        string appName,
        string env,
        ReleaseRecord release,
        IReadOnlyDictionary<string, string> config,
        DeployTrigger trigger,
        string actor,
        bool withConfig = false
    )
    {
        var app = apps.Find(appName)!;
        var id = deployStore.Create(appName, env, release.Tag, release.CommitSha, trigger.Name(), actor);
        deployStore.SetConfig(id, ConfigStore.Snapshot(config));
        var events = new List<string>();
        var detail =
            $"{release.Tag} ({release.CommitSha[..7]}: {release.Message}){(withConfig ? " with its config" : "")}";
        var done = await activation.ActivateAsync(
            app,
            env,
            release.Tag,
            config,
            id,
            events.Add,
            new ActivationRecord(trigger.Name(), detail, actor)
        );
        if (!done.Ok)
        {
            events.AddRange(done.LogTail.Select(l => "  " + l));
            return new OperationResult(false, OperationFailure.StartFailed, done.Message, release.Tag, id, events);
        }
        return new OperationResult(
            true,
            OperationFailure.None,
            $"{release.Tag} is live on {env}",
            release.Tag,
            id,
            events
        );
    }

    private string Retained(string app) =>
        retention.Retained(app) is { Count: > 0 } tags ? string.Join(", ", tags) : "none";
}

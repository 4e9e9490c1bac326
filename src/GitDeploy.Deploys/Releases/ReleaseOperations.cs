using GitDeploy.Deploys.Queue;
using GitDeploy.State;

namespace GitDeploy.Deploys.Releases;

/// <summary>The outcome of a release operation, with the HTTP status that fits it.</summary>
public sealed record OperationResult(bool Ok, int Status, string Message, string? Tag = null, long? DeployId = null, IReadOnlyList<string>? Events = null)
{
    public static OperationResult Fail(int status, string message) => new(false, status, message);
}

/// <summary>
/// Rollback, promote and restart: a stored artifact started again (no build, no pip) with the
/// zero-downtime switch-over of a deploy. Each is a deploy record (its trigger says which) and a
/// history entry, and runs in the app's deploy queue so operations on one app never interleave.
/// </summary>
public sealed class ReleaseOperations(
    DeployService deploys, ReleaseStarter starter, AppStore apps, ReleaseStore releases, EnvironmentStore environments,
    ConfigStore configs, DeployStore deployStore, HistoryStore history, Retention retention, PlatformOptions platform)
{
    public async Task<OperationResult> RollbackAsync(string app, string env, string tag, bool withConfig, string actor)
    {
        var release = releases.Find(app, tag);
        if (release is null)
            return OperationResult.Fail(404, $"{app} has no release {tag}; retained releases: {Retained(app)}");
        if (release.Pruned)
            return OperationResult.Fail(410, $"the artifact of {tag} was pruned (the newest {platform.KeepReleases}, the pinned and the live releases are kept); retained releases: {Retained(app)}. Rebuild it from git with `gitdeploy deploy {app} --ref {tag} --env {env}`");
        return await deploys.RunExclusiveAsync(app, () =>
        {
            IReadOnlyDictionary<string, string> config;
            if (withConfig)
            {
                // The config recorded when the release was built and first started.
                config = ConfigStore.FromSnapshot(deployStore.ConfigOfDeploy(release.DeployId));
                configs.Replace(app, env, config);
            }
            else config = configs.List(app, env);
            return StartAsync(app, env, release, config, withConfig ? "rollback --with-config" : "rollback", actor);
        });
    }

    public async Task<OperationResult> PromoteAsync(string app, string actor)
    {
        var tag = environments.ActiveTag(app, Environments.Stage);
        if (tag is null) return OperationResult.Fail(409, $"{app} has nothing live on stage to promote; deploy to stage first (git push engine stage)");
        var release = releases.Find(app, tag)!;
        return await deploys.RunExclusiveAsync(app, () => StartAsync(app, Environments.Production, release, configs.List(app, Environments.Production), "promote", actor));
    }

    public async Task<OperationResult> RestartAsync(string app, string env, string actor)
    {
        var tag = environments.ActiveTag(app, env);
        if (tag is null) return OperationResult.Fail(409, $"{app} has nothing live on {env} to restart; deploy it first with git push");
        var release = releases.Find(app, tag)!;
        return await deploys.RunExclusiveAsync(app, () => StartAsync(app, env, release, configs.List(app, env), "restart", actor));
    }

    private async Task<OperationResult> StartAsync(string appName, string env, ReleaseRecord release, IReadOnlyDictionary<string, string> config, string trigger, string actor)
    {
        var app = apps.Find(appName)!;
        var id = deployStore.Create(appName, env, release.Tag, release.CommitSha, trigger.Split(' ')[0], actor);
        deployStore.SetConfig(id, ConfigStore.Snapshot(config));
        deployStore.SetStatus(id, DeployStatus.Deploying, release.Tag);
        var events = new List<string>();
        var result = await starter.StartAsync(app, env, release.Tag, config, events.Add, CancellationToken.None);
        if (!result.Ok)
        {
            var message = $"{result.Message}; {environments.ActiveTag(appName, env) ?? "nothing"} keeps serving {env}";
            deployStore.SetStatus(id, DeployStatus.Failed, error: message);
            events.AddRange(result.LogTail.Select(l => "  " + l));
            return new OperationResult(false, 500, message, release.Tag, id, events);
        }
        environments.SetActive(appName, env, release.Tag);
        deployStore.SetStatus(id, DeployStatus.Succeeded, release.Tag);
        history.Add(appName, env, trigger.Split(' ')[0], $"{release.Tag} ({release.CommitSha[..7]}: {release.Message}){(trigger.Contains("--with-config") ? " with its config" : "")}", actor);
        return new OperationResult(true, 200, $"{release.Tag} is live on {env}", release.Tag, id, events);
    }

    private string Retained(string app) => retention.Retained(app) is { Count: > 0 } tags ? string.Join(", ", tags) : "none";
}

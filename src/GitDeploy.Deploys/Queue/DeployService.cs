using System.Collections.Concurrent;
using GitDeploy.Build.LeanEngine;
using GitDeploy.Build.Pipeline;
using GitDeploy.Deploys.Releases;
using GitDeploy.Git.Repos;
using GitDeploy.Runtime.Supervisor;
using GitDeploy.State;
using Microsoft.Extensions.Logging;

namespace GitDeploy.Deploys.Queue;

/// <summary>
/// One queue per app: one deploy at a time, later ones wait and say so. A deploy is
/// checkout → build pipeline → sealed release (+ git tag) → rollout. Any failure before the
/// rollout's switch leaves the live release untouched. The same path serves pushes, webhooks
/// and API deploys.
/// </summary>
public sealed class DeployService(
    PlatformOptions platform,
    RepoManager repos,
    BuildPipeline pipeline,
    ReleaseFiles files,
    ReleaseStarter starter,
    ReleaseActivation activation,
    AppStore apps,
    DeployStore deploys,
    ReleaseStore releases,
    EnvironmentStore environments,
    ConfigStore configs,
    GitDeploy.Runtime.Logs.AppLogs appLogs,
    GitDeploy.Isolation.Sandbox sandbox,
    TimeProvider clock,
    ILogger<DeployService> log
)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _queues = new();
    private readonly ConcurrentDictionary<string, long> _running = new();
    private readonly ConcurrentDictionary<long, DeployLog> _live = new();

    public DeployHandle Start(DeployRequest request)
    {
        var id = deploys.Create(
            request.App,
            request.Env,
            request.Ref,
            request.Commit,
            request.Trigger.Name(),
            request.Actor
        );
        var output = new DeployLog(LogPath(request.App, id));
        _live[id] = output;
        var completion = Task.Run(() => RunQueued(id, request, output));
        return new DeployHandle(id, output, completion);
    }

    /// <summary>Runs an operation (rollback, promote, restart) in the app's queue, after any deploy under
    /// way.</summary>
    public async Task<T> RunExclusiveAsync<T>(string app, Func<Task<T>> operation)
    {
        var queue = _queues.GetOrAdd(app, _ => new SemaphoreSlim(1, 1));
        await queue.WaitAsync();
        try
        {
            return await operation();
        }
        finally
        {
            queue.Release();
        }
    }

    /// <summary>The log of a deploy that is queued or running (followable), else null: read <see
    /// cref="LogPath"/>.</summary>
    public DeployLog? LiveLog(long id) => _live.TryGetValue(id, out var l) ? l : null;

    public string LogPath(string app, long id) => Path.Combine(platform.DeployLogsDir, app, $"{id}.log");

    private async Task<bool> RunQueued(long id, DeployRequest request, DeployLog output)
    {
        var queue = _queues.GetOrAdd(request.App, _ => new SemaphoreSlim(1, 1));
        if (!queue.Wait(0))
        {
            var other = _running.TryGetValue(request.App, out var o) ? $" (deploy #{o})" : "";
            output.Write(
                BuildText.Header(
                    $"Waiting: another deploy of {request.App} is running{other}; this one starts when it ends"
                )
            );
            await queue.WaitAsync();
        }
        _running[request.App] = id;
        appLogs.Platform(
            request.App,
            request.Env,
            "deploy",
            $"deploy #{id} of {request.Ref} ({request.Trigger.Name()}, {request.Actor}) started"
        );
        try
        {
            var ok = await Run(id, request, output);
            var record = deploys.Find(request.App, id);
            appLogs.Platform(
                request.App,
                request.Env,
                "deploy",
                ok
                    ? $"deploy #{id} finished: {record?.Tag} is live on {request.Env}"
                    : $"deploy #{id} failed: {record?.Error}"
            );
            return ok;
        }
        catch (Exception e)
        {
            var full = DiskSpace.Explains(e, platform.DataDir);
            var message = full
                ? DiskSpace.Describe(DiskSpace.PathOf(e, platform.DataDir))
                : "internal error: " + e.Message;
            log.DeployCrashed(e, id, request.App, message);
            // The status first: when the log itself is what failed (a full disk), the deploy still ends as failed.
            try
            {
                deploys.SetStatus(id, DeployStatus.Failed, error: message);
            }
            catch (Exception again) when (DiskSpace.IsFull(again)) { } // the next start marks it failed
            try
            {
                output.Write(BuildText.Error(message + (full ? "; the running release was not changed" : "")));
            }
            catch (IOException) { }
            return false;
        }
        finally
        {
            _running.TryRemove(request.App, out _);
            output.Complete();
            _live.TryRemove(id, out _);
            queue.Release();
        }
    }

    private async Task<bool> Run(long id, DeployRequest request, DeployLog output)
    {
        var app = apps.Find(request.App) ?? throw new InvalidOperationException($"app {request.App} does not exist");
        var started = clock.GetUtcNow();
        var sha = request.Commit;
        if (request.Prepare is not null)
        {
            var prepared = await request.Prepare(output);
            if (prepared.Error is not null)
            {
                Fail(id, output, prepared.Error + " The running release was not changed.");
                return false;
            }
            if (prepared.NothingToDo is not null)
            {
                output.Write(BuildText.Header(prepared.NothingToDo));
                deploys.SetStatus(id, DeployStatus.Succeeded, environments.ActiveTag(request.App, request.Env));
                return true;
            }
            sha = prepared.Commit!;
        }
        var tag = NextTag(request.App);
        var commit = repos.FindCommit(request.App, sha, request.Quarantine);
        if (commit is null)
        {
            output.Write(BuildText.Error($"commit {sha} is not in the repository"));
            deploys.SetStatus(id, DeployStatus.Failed, error: "commit not found");
            return false;
        }
        output.Write(
            BuildText.Header(
                $"Start building {tag} ({request.Ref} {commit.Sha[..7]}: {commit.Message}) for {request.Env}"
            )
        );
        var config = configs.List(request.App, request.Env);
        deploys.SetConfig(id, ConfigStore.Snapshot(config));
        deploys.SetStatus(id, DeployStatus.Building, tag);

        var building = files.BuildingDir(request.App, tag);
        var src = ReleaseFiles.SourceDir(building);
        var work = Path.Combine(platform.BuildsDir, $"{request.App}-{id}");
        Directory.CreateDirectory(src);
        Directory.CreateDirectory(work);
        try
        {
            output.Write(BuildText.Header("Downloading app code"));
            if (await repos.ExportAsync(request.App, commit.Sha, src, request.Quarantine) is { } exportError)
            {
                var said = DiskSpace.SaysFull(exportError) ? DiskSpace.Describe(src) : exportError;
                Fail(id, output, said + ". The running release was not changed.");
                return false;
            }

            var buildRequest = new BuildRequest
            {
                App = request.App,
                SourceDir = src,
                WorkDir = work,
                PrintBuildLogs = request.PrintBuildLogs,
                NoCache = request.NoCache,
                Uid = sandbox.UidFor(app.Number),
                AppEnvironment = AppEnvironment.For(app, request.Env, tag, platform, ApiServer(), config),
            };
            var result = await pipeline.RunAsync(buildRequest, output, CancellationToken.None);
            if (!result.Succeeded)
            {
                var full = DiskSpace.SaysFull(result.Error) ? " (" + DiskSpace.Describe(platform.DataDir) + ")" : "";
                Fail(
                    id,
                    output,
                    "Build failed: "
                        + BuildText.Sentence((result.Error ?? "") + full)
                        + ". The running release was not changed."
                );
                return false;
            }
            var manifest = result.Manifest!;
            output.Write(
                BuildText.Header($"Image built: {tag} (build took {BuildText.Seconds(clock.GetUtcNow() - started)})")
            );
            return await Release(id, request, app, tag, commit, manifest, config, output, started);
        }
        finally
        {
            TryDelete(work);
            TryDelete(building);
        }
    }

    private async Task<bool> Release(
        long id,
        DeployRequest request,
        AppRecord app,
        string tag,
        CommitInfo commit,
        ReleaseManifest manifest,
        IReadOnlyDictionary<string, string> config,
        DeployLog output,
        DateTimeOffset started
    )
    {
        files.Seal(request.App, tag, manifest, output.FilePath);
        releases.Add(
            new ReleaseRecord(
                request.App,
                tag,
                commit.Sha,
                commit.Message,
                request.Actor,
                id,
                ReleaseStatus.Built,
                (clock.GetUtcNow() - started).TotalSeconds,
                releases.Now()
            )
        );
        if (request.Strict)
            output.Write(BuildText.Header($"Release {tag} stored (its git tag {tag} follows when the branch moves)"));
        else
        {
            TagRelease(request.App, tag, commit.Sha);
            output.Write(BuildText.Header($"Release {tag} stored (also git tag {tag})"));
        }

        var record = new ActivationRecord(
            "deploy",
            $"{tag} from {request.Ref} ({commit.Sha[..7]}) by {request.Trigger.Name()}",
            request.Actor
        );
        var done = await activation.ActivateAsync(
            app,
            request.Env,
            tag,
            config,
            id,
            line => output.Write(BuildText.Header(line)),
            record,
            rollout =>
                output.Write(
                    BuildText.Header(
                        $"{rollout.Message}: {tag} is live on {request.Env} "
                            + $"in {BuildText.Seconds(clock.GetUtcNow() - started)}"
                    )
                )
        );
        if (done.Ok)
            return true;
        if (done.LogTail.Count > 0)
        {
            output.Write(BuildText.Error("the app's last log lines:"));
            foreach (var l in done.LogTail)
                output.Write(BuildText.Indent + l);
        }
        releases.SetStatus(request.App, tag, ReleaseStatus.FailedToStart);
        output.Write(BuildText.Error(BuildText.Sentence(done.Message) + "."));
        return false;
    }

    /// <summary>The git tag of a release: at once, or for a strict push once its branch has moved.</summary>
    public void TagRelease(string app, string tag, string commitSha) =>
        repos.Tag(app, tag, commitSha, $"GitDeploy release {tag} of {app}", clock.GetUtcNow());

    private void Fail(long id, DeployLog output, string message)
    {
        output.Write(BuildText.Error(message));
        try
        {
            deploys.SetStatus(id, DeployStatus.Failed, error: message);
        }
        catch (Exception e) when (DiskSpace.IsFull(e)) { } // the next start marks it failed
    }

    private string ApiServer() => starter.ApiServer();

    private string NextTag(string app) => ReleaseTags.Next(clock.GetUtcNow(), releases.LatestTag(app));

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
        catch (IOException) { }
    }
}

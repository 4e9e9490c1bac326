using GitDeploy.Build.LeanEngine;
using GitDeploy.Build.Pipeline;
using GitDeploy.Runtime.Supervisor;
using GitDeploy.State;
using Microsoft.Extensions.Logging;

namespace GitDeploy.Deploys.Releases;

/// <summary>
/// Turns a stored release into what the supervisor runs. Used by deploys, and on server start to
/// bring every environment back on its active release (no rebuild: the artifact is started again).
/// </summary>
public sealed class ReleaseStarter(
    PlatformOptions platform,
    ReleaseFiles files,
    PlatformUrl url,
    AppStore apps,
    EnvironmentStore environments,
    DeployStore deploys,
    ReleaseEnvironments releaseEnvs,
    GitDeploy.Runtime.Targets.ReleaseTargets targets,
    GitDeploy.Isolation.Sandbox sandbox,
    PersistentStorage storage,
    ILogger<ReleaseStarter> log
)
{
    public string ApiServer() => platform.ApiServer.Length > 0 ? platform.ApiServer : url.Value;

    public InstanceSpec SpecFor(
        AppRecord app,
        string env,
        string tag,
        ReleaseManifest manifest,
        IReadOnlyDictionary<string, string> config,
        string? persistentDir = null
    )
    {
        var run = manifest.Run.For(manifest.EnvDir);
        return new()
        {
            PersistentDir = persistentDir,
            App = app.Name,
            Env = env,
            Tag = tag,
            SourceDir = ReleaseFiles.SourceDir(files.Dir(app.Name, tag)),
            AppSubdir = manifest.AppDir,
            EnvironmentDir = manifest.EnvDir,
            PathPrefix = run.PathPrefix,
            RunVariables = run.Variables,
            Links = run.Links.ToDictionary(n => n, n => Path.Combine(manifest.EnvDir, n)),
            StartCommand = manifest.StartCommand,
            Uid = sandbox.UidFor(app.Number),
            StartupTimeout = TimeSpan.FromSeconds(manifest.StartupTimeout),
            StrictPing = manifest.FunctionsMode == FunctionsMode.Strict,
            CheckPath = manifest.HealthCheckPath,
            Functions = manifest.FunctionsMode switch
            {
                FunctionsMode.Strict => FunctionsMetadata.Required,
                FunctionsMode.Disabled => FunctionsMetadata.Skip,
                _ => FunctionsMetadata.Optional,
            },
            Environment = AppEnvironment.For(app, env, tag, platform, ApiServer(), config),
        };
    }

    /// <summary>Fresh instances of a stored release in an environment: deploys, rollbacks, restarts.</summary>
    public async Task<RolloutResult> StartAsync(
        AppRecord app,
        string env,
        string tag,
        IReadOnlyDictionary<string, string> config,
        Action<string> progress,
        CancellationToken ct
    )
    {
        var manifest = files.Manifest(app.Name, tag);
        if (manifest is null)
            return new RolloutResult(false, $"release {tag} of {app.Name} has no stored artifact", []);
        var appEnvironment = SpecFor(app, env, tag, manifest, config).Environment;
        var (ready, error) = await releaseEnvs.EnsureAsync(
            app.Name,
            tag,
            manifest,
            appEnvironment,
            sandbox.UidFor(app.Number),
            progress,
            ct
        );
        if (ready is null)
            return new RolloutResult(false, error!, []);
        var scale = environments.Scale(app.Name, env);
        var persistent = await storage.PrepareAsync(app, env, ct);
        return await targets.DeployAsync(SpecFor(app, env, tag, ready, config, persistent), scale, progress, ct);
    }

    /// <summary>Starts the active release of every environment; returns how many came back.</summary>
    public async Task<int> RestoreAllAsync(CancellationToken ct)
    {
        var restored = 0;
        foreach (var (appName, env, tag) in environments.AllActive())
        {
            var app = apps.Find(appName);
            var manifest = files.Manifest(appName, tag);
            if (app is null || manifest is null)
            {
                log.RestoreMissing(appName, env, tag);
                continue;
            }
            // The config it was running with, not whatever was set since: a server restart changes nothing.
            var config = ConfigStore.FromSnapshot(deploys.ConfigOf(appName, env, tag));
            void Progress(string line) => log.RestoreProgress(appName, env, line);
            var appEnvironment = SpecFor(app, env, tag, manifest, config).Environment;
            var (ready, error) = await releaseEnvs.EnsureAsync(
                appName,
                tag,
                manifest,
                appEnvironment,
                sandbox.UidFor(app.Number),
                Progress,
                ct
            );
            if (ready is null)
            {
                log.RestoreFailed(appName, env, tag, error);
                continue;
            }
            var scale = environments.Scale(appName, env);
            var persistent = await storage.PrepareAsync(app, env, ct);
            var spec = SpecFor(app, env, tag, ready, config, persistent);
            var result = await targets.DeployAsync(spec, scale, Progress, ct);
            if (result.Ok)
                restored++;
            else
                log.RestoreFailed(appName, env, tag, result.Message);
        }
        return restored;
    }
}

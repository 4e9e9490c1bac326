using GitDeploy.Build.Cache;
using GitDeploy.Build.Pipeline;
using GitDeploy.Git.Repos;
using GitDeploy.State;

namespace GitDeploy.Deploys.Releases;

/// <summary>
/// A stored release needs its dependency environment (<c>envs/</c>, a rebuildable cache that a backup
/// does not hold). When it is gone, it is built again from the release's commit, dependencies only
/// (no build steps: the artifact already holds their output), and the release is pointed at it.
/// </summary>
public sealed class ReleaseEnvironments(
    PlatformOptions platform,
    ReleaseFiles files,
    ReleaseStore releases,
    RepoManager repos,
    BuildPipeline pipeline
)
{
    public static bool IsPresent(ReleaseManifest manifest) => EnvCache.IsComplete(manifest.EnvDir);

    /// <summary>The manifest to start, with an environment that exists; or the error that prevented it.</summary>
    public async Task<(ReleaseManifest? Manifest, string? Error)> EnsureAsync(
        string app,
        string tag,
        ReleaseManifest manifest,
        IReadOnlyDictionary<string, string> appEnvironment,
        int? uid,
        Action<string> progress,
        CancellationToken ct
    )
    {
        if (IsPresent(manifest))
            return (manifest, null);
        if (releases.Find(app, tag) is not { } release)
            return (null, $"release {tag} of {app} is not in the database");
        progress(
            $"the dependency environment of {tag} is missing (a restored backup holds none): "
                + $"rebuilding it from commit {release.CommitSha[..7]}"
        );
        var work = Path.Combine(platform.BuildsDir, $"{app}-env-{tag}-{Guid.NewGuid():N}"[..^24]);
        var src = Path.Combine(work, "src");
        var scratch = Path.Combine(work, "work");
        Directory.CreateDirectory(src);
        Directory.CreateDirectory(scratch);
        try
        {
            if (await repos.ExportAsync(app, release.CommitSha, src) is { } exportError)
                return (null, exportError);
            var result = await pipeline.RunAsync(
                new BuildRequest
                {
                    App = app,
                    SourceDir = src,
                    WorkDir = scratch,
                    EnvironmentOnly = true,
                    AppEnvironment = appEnvironment,
                    Uid = uid,
                },
                new ProgressOutput(progress),
                ct
            );
            if (!result.Succeeded)
                return (null, $"rebuilding the environment of {tag} failed: {result.Error}");
            return (files.RepointEnv(app, tag, manifest, result.Manifest!.EnvDir), null);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException) { }
        }
    }
}

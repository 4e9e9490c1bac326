using GitDeploy.Build.Cache;
using GitDeploy.State;
using Microsoft.Extensions.Logging;

namespace GitDeploy.Deploys.Releases;

/// <summary>
/// Keeps the newest <see cref="PlatformOptions.KeepReleases"/> releases of an app, the pinned ones
/// and whatever is live; the artifacts of the others are deleted (their rows stay, marked pruned,
/// so history and `deploy --ref TAG` still know them). Cached environments that no retained release
/// of any app uses are deleted too, once they are old enough not to belong to a build under way.
/// </summary>
public sealed class Retention(
    PlatformOptions platform,
    ReleaseStore releases,
    EnvironmentStore environments,
    AppStore apps,
    ReleaseFiles files,
    EnvCache cache,
    TimeProvider clock,
    ILogger<Retention> log
)
{
    private static readonly TimeSpan FreshEnvGrace = TimeSpan.FromMinutes(30);
    private readonly object _gate = new();

    public IReadOnlyList<string> Prune(string app)
    {
        lock (_gate)
        {
            var live = Environments.All.Select(e => environments.ActiveTag(app, e)).OfType<string>().ToHashSet();
            var all = releases.List(app);
            var keep = all.Take(platform.KeepReleases)
                .Select(r => r.Tag)
                .Concat(all.Where(r => r.Pinned).Select(r => r.Tag))
                .Concat(live)
                .ToHashSet();
            var pruned = new List<string>();
            foreach (var r in all.Where(r => !r.Pruned && !keep.Contains(r.Tag)))
            {
                files.DeleteRelease(app, r.Tag);
                releases.MarkPruned(app, r.Tag);
                pruned.Add(r.Tag);
            }
            if (pruned.Count > 0)
            {
                log.ReleasesPruned(pruned.Count, app, string.Join(", ", pruned));
                PruneEnvironments();
            }
            return pruned;
        }
    }

    private void PruneEnvironments()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in apps.List())
        foreach (var r in releases.List(a.Name).Where(r => !r.Pruned))
            if (files.Manifest(a.Name, r.Tag) is { } m)
                used.Add(Path.GetFullPath(m.EnvDir));
        foreach (var dir in cache.Entries())
        {
            if (
                used.Contains(Path.GetFullPath(dir))
                || clock.GetUtcNow().UtcDateTime - Directory.GetLastWriteTimeUtc(dir) < FreshEnvGrace
            )
                continue;
            EnvCache.Discard(dir);
            log.EnvironmentDeleted(dir);
        }
    }

    /// <summary>The tags whose artifacts are still stored, newest first.</summary>
    public IReadOnlyList<string> Retained(string app) =>
        releases.List(app).Where(r => !r.Pruned).Select(r => r.Tag).ToList();
}

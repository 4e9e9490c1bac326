using GitDeploy.Deploys.Releases;

namespace GitDeploy.Server.Api;

/// <summary>Pinning keeps a release's artifact through retention; unpinning lets retention prune it at once.</summary>
public sealed class ReleasePins(ReleaseStore releases, HistoryStore history, Retention retention)
{
    public OperationResult Set(string app, string tag, bool pinned, string actor)
    {
        var r = releases.Find(app, tag);
        if (r is null)
            return OperationResult.Fail(
                OperationFailure.NotFound,
                $"{app} has no release {tag}; see `gitdeploy releases {app}`"
            );
        if (r.Pruned && pinned)
            return OperationResult.Fail(
                OperationFailure.Pruned,
                $"the artifact of {tag} was already pruned; rebuild it with "
                    + $"`gitdeploy deploy {app} --ref {tag}`, then pin the new release"
            );
        releases.SetPinned(app, tag, pinned);
        history.Add(app, null, pinned ? "pin" : "unpin", tag, actor);
        if (!pinned)
            retention.Prune(app);
        return new OperationResult(
            true,
            OperationFailure.None,
            pinned ? $"{tag} is pinned" : $"{tag} is no longer pinned",
            tag
        );
    }
}

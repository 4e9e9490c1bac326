using GitDeploy.Build.Pipeline;
using GitDeploy.Deploys.Queue;
using GitDeploy.State;

namespace GitDeploy.Deploys.Webhooks;

/// <summary>
/// Turns deliveries into deploys through <see cref="DeployService"/>, coalescing bursts: per app and
/// environment there is at most one webhook deploy waiting for its turn. A delivery that arrives
/// while one waits only moves that deploy's target to its commit (latest wins); the waiting deploy
/// fetches and builds when the one before it ends. So pushes during a build leave one follow-up.
/// </summary>
public sealed class WebhookDeploys(
    DeployService deploys,
    SourceFetcher fetcher,
    SourceStore sources,
    WebhookDeliveryStore deliveries,
    EnvironmentStore environments,
    ReleaseStore releases,
    TimeProvider clock
)
{
    private sealed class Pending(string? commit)
    {
        public long Id;
        public string? Commit = commit;
    }

    private sealed class Slot
    {
        public Pending? Waiting;
        public (long Id, string? Commit)? Running;
    }

    private readonly Dictionary<(string App, string Env), Slot> _slots = [];

    /// <param name="commit">the pushed commit, or null for "the branch's head" (the generic deploy URL)</param>
    public Submitted Submit(string app, string env, string branch, string? commit, string actor)
    {
        lock (_slots)
        {
            if (!_slots.TryGetValue((app, env), out var slot))
                _slots[(app, env)] = slot = new Slot();
            if (slot.Waiting is { } waiting)
            {
                waiting.Commit = commit;
                deliveries.SetDeployCommit(waiting.Id, commit ?? "");
                return new(SubmitOutcome.Coalesced, waiting.Id);
            }
            if (commit is not null && slot.Running is { } running && running.Commit == commit)
                return new(SubmitOutcome.Coalesced, running.Id);
            if (commit is not null && slot.Running is null && Live(app, env) is { } live && live.Commit == commit)
                return new(SubmitOutcome.AlreadyLive, LiveTag: live.Tag);

            var pending = new Pending(commit);
            var handle = deploys.Start(
                new DeployRequest
                {
                    App = app,
                    Env = env,
                    Ref = branch,
                    Commit = commit ?? "",
                    Trigger = DeployTrigger.Webhook,
                    Actor = actor,
                    Prepare = output => PrepareAsync(app, env, branch, slot, pending, output),
                }
            );
            pending.Id = handle.Id;
            slot.Waiting = pending;
            _ = handle.Completion.ContinueWith(
                _ =>
                {
                    lock (_slots)
                    {
                        // A deploy can end without its turn ever coming (its app was destroyed): free the slot either
                        // way.
                        if (slot.Waiting == pending)
                            slot.Waiting = null;
                        if (slot.Running?.Id == pending.Id)
                            slot.Running = null;
                    }
                },
                TaskScheduler.Default
            );
            return new(SubmitOutcome.Started, handle.Id);
        }
    }

    /// <summary>The deploy's turn has come: take the newest delivered commit, fetch it, and say whether there is
    /// anything to build.</summary>
    private async Task<Prepared> PrepareAsync(
        string app,
        string env,
        string branch,
        Slot slot,
        Pending pending,
        DeployLog output
    )
    {
        string? commit;
        lock (_slots)
        {
            if (slot.Waiting == pending)
                slot.Waiting = null;
            commit = pending.Commit;
            slot.Running = (pending.Id, commit);
        }
        if (sources.Find(app) is not { } record)
            return Prepared.Failed(
                $"{app} has no source repository any more (`gitdeploy apps source {app} --url URL`)."
            );
        var source = SourceSettings.From(record);

        output.Write(BuildText.Header($"Fetching {branch} from {source.Url}"));
        var fetchStarted = clock.GetTimestamp();
        var fetched = await fetcher.FetchBranchAsync(source, branch);
        if (fetched.Error is not null)
            return Prepared.Failed($"Fetch failed: {fetched.Error}.");
        var head = fetched.Head!;
        var target = commit ?? head;
        if (!await fetcher.TryFetchCommitAsync(source, target))
            return Prepared.Failed(
                $"Fetch failed: commit {target} is not in the source repository "
                    + $"{source.Url} (its {branch} is at {head[..7]}): it was never "
                    + "pushed there or was force-pushed away; push again."
            );
        deliveries.SetDeployCommit(pending.Id, target);
        lock (_slots)
            slot.Running = (pending.Id, target);
        output.Write(
            BuildText.Indent
                + $"{branch} is at {head[..7]} there; deploying {target[..7]} "
                + $"(fetched in {BuildText.Seconds(clock.GetElapsedTime(fetchStarted))})"
        );

        if (Live(app, env) is { } live)
        {
            if (live.Commit == target)
                return Prepared.UpToDate(
                    $"Commit {target[..7]} is already live on {env} as {live.Tag}: nothing to build"
                );
            if (target != head && await fetcher.IsAncestorAsync(app, target, live.Commit))
                return Prepared.UpToDate(
                    $"Commit {target[..7]} is older than the live {live.Commit[..7]} "
                        + $"({live.Tag}) and no longer the head of {branch} at the source: "
                        + "a late or replayed delivery, nothing deployed"
                );
        }
        return Prepared.Build(target);
    }

    private (string Commit, string Tag)? Live(string app, string env) =>
        environments.ActiveTag(app, env) is { } tag && releases.Find(app, tag) is { } release
            ? (release.CommitSha, tag)
            : null;
}

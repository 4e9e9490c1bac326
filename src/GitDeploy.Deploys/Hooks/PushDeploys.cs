using GitDeploy.Build.Pipeline;
using GitDeploy.Deploys.Queue;
using GitDeploy.Git.Repos;

namespace GitDeploy.Deploys.Hooks;

/// <summary>The deploy of one pushed branch, started by either hook and followed to the pusher.</summary>
public sealed class PushDeploys(DeployService deploys, State.DeployStore records, RepoManager repos)
{
    /// <summary>Deploys <paramref name="branch"/> at <paramref name="sha"/> to <paramref name="env"/>;
    /// the deploy's record when it succeeded, else null (the pusher has been told why).</summary>
    public async Task<State.DeployRecord?> DeployAsync(
        HookStream stream,
        HookTokens.Grant grant,
        string branch,
        string env,
        string sha,
        PushOptions options,
        Quarantine? quarantine = null,
        bool strict = false
    )
    {
        DeployHandle handle;
        try
        {
            handle = deploys.Start(
                new DeployRequest
                {
                    App = grant.App,
                    Env = env,
                    Ref = branch,
                    Commit = sha,
                    Trigger = DeployTrigger.Push,
                    Actor = grant.Principal,
                    PrintBuildLogs = options.PrintBuildLogs,
                    NoCache = options.NoCache,
                    Strict = strict,
                    Quarantine = quarantine,
                }
            );
        }
        catch (Exception e) when (State.DiskSpace.IsFull(e))
        {
            var full = State.DiskSpace.Describe(repos.ReposRoot);
            var stored = strict ? "was not moved" : "stored";
            await stream.Say(BuildText.Error($"Branch {branch} {stored}, but its deploy could not start: {full}"));
            return null;
        }
        return await stream.FollowAsync(handle) ? records.Find(grant.App, handle.Id) : null;
    }

    public async Task WarnUnknownAsync(HookStream stream, PushOptions options)
    {
        foreach (var u in options.Unknown)
            await stream.Say(
                BuildText.Error($"warning: unknown push option '{u}' ignored (known: {PushOptions.Known})")
            );
    }
}

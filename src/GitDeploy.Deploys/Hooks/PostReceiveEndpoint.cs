using GitDeploy.Build.Pipeline;
using GitDeploy.Deploys.Queue;
using GitDeploy.Git.Repos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitDeploy.Deploys.Hooks;

/// <summary>
/// <c>POST /internal/hooks/post-receive</c>: the hook sends the pushed ref lines and push options;
/// the answer is the deploy's log, streamed line by line, which git shows as <c>remote:</c> lines.
/// The deploy does not depend on this connection: a pusher who hangs up does not stop it.
/// Branches a strict push already deployed (<see cref="PreReceiveEndpoint"/>) get their git tag here.
/// </summary>
public static class PostReceiveEndpoint
{
    public const string Path = "/internal/hooks/post-receive";
    public const string TokenHeader = "X-GitDeploy-Hook-Token";

    public static IEndpointRouteBuilder MapPostReceiveHook(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, Handle);
        return routes;
    }

    private static async Task Handle(
        HttpContext ctx,
        HookTokens tokens,
        PushDeploys pushes,
        DeployService deploys,
        BranchMap branches,
        RepoManager repos
    )
    {
        var grant = tokens.Redeem(ctx.Request.Headers[TokenHeader]);
        if (grant is null)
        {
            ctx.Response.StatusCode = 403;
            await ctx.Response.WriteAsync("this endpoint is for GitDeploy's own post-receive hook\n");
            return;
        }
        var stream = new HookStream(ctx);
        var options = PushOptions.Parse(ctx.Request.Headers[PushOptions.Header]);
        var updates = await RefUpdate.ReadAllAsync(ctx.Request.Body);
        var map = branches.For(grant.App);
        // A clone checks out what HEAD names: after a first push of master alone, that is master.
        var pushed = updates.Select(u => u.Branch).OfType<string>().ToList();
        var production = map.Where(kv => kv.Value == State.Environments.Production)
            .Select(kv => kv.Key)
            .OrderBy(b => b == RepoManager.DefaultBranch ? 0 : 1)
            .ToList();
        repos.PointHeadIfUnborn(grant.App, pushed, production);
        if (grant.Built.IsEmpty)
            await pushes.WarnUnknownAsync(stream, options); // else pre-receive warned
        var anyFailed = false;
        foreach (var update in updates)
        {
            if (update.Branch is not { } branch)
                continue; // tags and deletions are stored, nothing to deploy
            if (grant.Built.TryGetValue(update.Ref, out var built) && built.Commit == update.New)
            {
                deploys.TagRelease(grant.App, built.Tag, built.Commit);
                await stream.Say(
                    BuildText.Header(
                        $"Branch {branch} moved to {built.Commit[..7]}: {built.Tag} "
                            + $"is live on {built.Env} (git tag {built.Tag})"
                    )
                );
                continue;
            }
            if (map.EnvFor(branch) is not { } env)
            {
                await stream.Say(BuildText.Header($"Branch {branch} stored; it deploys nowhere ({map.Describe()})"));
                continue;
            }
            if (await pushes.DeployAsync(stream, grant, branch, env, update.New, options) is null)
                anyFailed = true;
        }
        if (anyFailed)
            await stream.Say(BuildText.Error("Deploy failed: see above. Fix it and push again."));
        _ = repos.MaintainAsync(grant.App); // after the push, so the pusher never waits for gc
    }
}

using GitDeploy.Build.Pipeline;
using GitDeploy.Git.Repos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitDeploy.Deploys.Hooks;

/// <summary>
/// <c>POST /internal/hooks/pre-receive</c>, for strict pushes only: each pushed deploy branch is built
/// from the push's quarantined objects and started before git moves any ref. The answer streams the
/// deploys' logs and ends with <see cref="ResultPrefix"/><c>ok</c> or <c>refused</c>: the hook exits
/// non-zero unless it reads <c>ok</c>, and git then moves no branch. The first failure stops the rest.
/// </summary>
public static class PreReceiveEndpoint
{
    public const string Path = "/internal/hooks/pre-receive";
    public const string QuarantineHeader = "X-GitDeploy-Quarantine";
    public const string ResultPrefix = "gitdeploy-strict-result: ";

    public static IEndpointRouteBuilder MapPreReceiveHook(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, Handle);
        return routes;
    }

    private static async Task Handle(
        HttpContext ctx, HookTokens tokens, PushDeploys pushes, BranchMap branches, RepoManager repos)
    {
        var grant = tokens.Peek(ctx.Request.Headers[PostReceiveEndpoint.TokenHeader]);
        if (grant is null)
        {
            ctx.Response.StatusCode = 403;
            await ctx.Response.WriteAsync("this endpoint is for GitDeploy's own pre-receive hook\n");
            return;
        }
        var stream = new HookStream(ctx);
        var options = PushOptions.Parse(ctx.Request.Headers[PushOptions.Header]);
        await pushes.WarnUnknownAsync(stream, options);
        var said = ctx.Request.Headers[QuarantineHeader].ToString();
        var quarantine = Quarantine.Of(repos.PathFor(grant.App), said);
        if (said.Length > 0 && quarantine is null)
        {
            await Refuse(stream, $"the push's objects are not where git keeps them ({said}); push again");
            return;
        }
        var map = branches.For(grant.App);
        var updates = await RefUpdate.ReadAllAsync(ctx.Request.Body);
        var deploying = updates.Where(u => u.Branch is { } b && map.EnvFor(b) is not null).ToList();
        if (deploying.Count > 0)
            await stream.Say(BuildText.Header("Strict push: building and starting before the branch moves"));
        foreach (var update in deploying)
        {
            var branch = update.Branch!;
            var env = map.EnvFor(branch)!;
            var done = await pushes.DeployAsync(stream, grant, branch, env, update.New, options, quarantine, true);
            if (done?.Tag is not { } tag)
            {
                await Refuse(stream, $"branch {branch} was not moved: the server still has its previous commit");
                return;
            }
            grant.Built[update.Ref] = new HookTokens.StrictRelease(update.New, tag, env);
        }
        await stream.Say(ResultPrefix + "ok");
    }

    private static async Task Refuse(HookStream stream, string why)
    {
        await stream.Say(BuildText.Error($"Strict push refused: {why}. Fix it and push again."));
        await stream.Say(ResultPrefix + "refused");
    }
}

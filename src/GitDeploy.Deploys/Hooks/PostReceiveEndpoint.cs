using GitDeploy.Build.Pipeline;
using GitDeploy.Deploys.Queue;
using GitDeploy.Git.Repos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace GitDeploy.Deploys.Hooks;

/// <summary>
/// <c>POST /internal/hooks/post-receive</c>: the hook sends the pushed ref lines and push options;
/// the answer is the deploy's log, streamed line by line, which git shows as <c>remote:</c> lines.
/// The deploy does not depend on this connection: a pusher who hangs up does not stop it.
/// </summary>
public static class PostReceiveEndpoint
{
    public const string Path = "/internal/hooks/post-receive";
    public const string TokenHeader = "X-GitDeploy-Hook-Token";
    public const string OptionHeader = "X-GitDeploy-Push-Option";
    private static readonly HashSet<string> KnownOptions = ["printBuildLogs", "noCache"];
    private const string Zero = "0000000000000000000000000000000000000000";

    public static IEndpointRouteBuilder MapPostReceiveHook(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, Handle);
        return routes;
    }

    private static async Task Handle(
        HttpContext ctx, HookTokens tokens, DeployService deploys, BranchMap branches, RepoManager repos)
    {
        var grant = tokens.Redeem(ctx.Request.Headers[TokenHeader]);
        if (grant is null)
        {
            ctx.Response.StatusCode = 403;
            await ctx.Response.WriteAsync("this endpoint is for GitDeploy's own post-receive hook\n");
            return;
        }
        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        var aborted = ctx.RequestAborted;
        async Task Say(string line)
        {
            if (aborted.IsCancellationRequested) return;
            try
            {
                await ctx.Response.WriteAsync(line + "\n", aborted);
                await ctx.Response.Body.FlushAsync(aborted);
            }
            catch (OperationCanceledException) { }
        }

        var options = ParseOptions(ctx.Request.Headers[OptionHeader], out var unknown);
        foreach (var u in unknown) await Say(BuildText.Error($"warning: unknown push option '{u}' ignored (known: printBuildLogs=true, noCache=true)"));

        using var reader = new StreamReader(ctx.Request.Body);
        var updates = new List<(string Old, string New, string Ref)>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ', 3);
            if (parts.Length == 3) updates.Add((parts[0], parts[1], parts[2]));
        }

        var map = branches.For(grant.App);
        // A clone checks out what HEAD names: after a first push of master alone, that is master.
        const string prefix = "refs/heads/";
        var pushed = updates.Where(u => u.New != Zero && u.Ref.StartsWith(prefix, StringComparison.Ordinal))
            .Select(u => u.Ref[prefix.Length..]).ToList();
        var production = map.Where(kv => kv.Value == State.Environments.Production).Select(kv => kv.Key)
            .OrderBy(b => b == RepoManager.DefaultBranch ? 0 : 1).ToList();
        repos.PointHeadIfUnborn(grant.App, pushed, production);
        var anyFailed = false;
        foreach (var (_, newSha, refName) in updates)
        {
            const string heads = "refs/heads/";
            var branch = refName.StartsWith(heads, StringComparison.Ordinal) ? refName[heads.Length..] : null;
            if (branch is null || newSha == Zero) continue; // tags and deletions are stored, nothing to deploy
            if (!map.TryGetValue(branch, out var env))
            {
                await Say(BuildText.Header($"Branch {branch} stored; it deploys nowhere ({BranchMap.Describe(map)})"));
                continue;
            }
            DeployHandle handle;
            try
            {
                handle = deploys.Start(new DeployRequest
                {
                    App = grant.App,
                    Env = env,
                    Ref = branch,
                    Commit = newSha,
                    Trigger = "push",
                    Actor = grant.Principal,
                    PrintBuildLogs = options.GetValueOrDefault("printBuildLogs") == "true",
                    NoCache = options.GetValueOrDefault("noCache") == "true",
                });
            }
            catch (Exception e) when (GitDeploy.State.DiskSpace.IsFull(e))
            {
                var full = GitDeploy.State.DiskSpace.Describe(repos.ReposRoot);
                await Say(BuildText.Error($"Branch {branch} stored, but its deploy could not start: {full}"));
                anyFailed = true;
                continue;
            }
            try
            {
                await foreach (var l in handle.Log.ReadAllAsync(aborted)) await Say(l);
            }
            catch (OperationCanceledException) { }
            if (!await handle.Completion) anyFailed = true;
        }
        if (anyFailed) await Say(BuildText.Error("Deploy failed: see above. Fix it and push again."));
        _ = repos.MaintainAsync(grant.App); // after the push, so the pusher never waits for gc
    }

    private static Dictionary<string, string> ParseOptions(IEnumerable<string?> raw, out List<string> unknown)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        unknown = [];
        foreach (var o in raw)
        {
            if (string.IsNullOrEmpty(o)) continue;
            var i = o.IndexOf('=');
            var (k, v) = i < 0 ? (o, "true") : (o[..i], o[(i + 1)..]);
            if (KnownOptions.Contains(k)) result[k] = v;
            else unknown.Add(o);
        }
        return result;
    }
}

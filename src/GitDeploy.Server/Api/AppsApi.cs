using System.Security.Cryptography;
using GitDeploy.Deploys.Releases;
using GitDeploy.Deploys.Queue;
using GitDeploy.Deploys.Webhooks;
using GitDeploy.Git;
using GitDeploy.Git.Repos;
using GitDeploy.Runtime.Supervisor;

namespace GitDeploy.Server.Api;

public sealed record CreateAppRequest(string? Name);
public sealed record SetAppRequest(Dictionary<string, string>? Branches);

/// <summary>/api/apps: create, list, show, destroy.</summary>
public static class AppsApi
{
    public static IEndpointRouteBuilder MapAppsApi(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/apps");
        g.MapGet("", (AppStore apps, EnvironmentStore envs, HttpContext ctx) =>
            Results.Json(apps.List().Where(a => ctx.Principal().Can(Permission.Read, a.Name)).Select(a => Summary(a, envs)))).Require(Permission.Read);
        g.MapPost("", Create).Require(Permission.Admin);
        g.MapGet("/{app}", (string app, AppStore apps, EnvironmentStore envs, BranchMap branches, HttpContext ctx) =>
            apps.Find(app) is { } a ? Results.Json(Summary(a, envs, ctx, branches)) : ApiErrors.NotFoundApp(app)).Require(Permission.Read);
        g.MapPatch("/{app}", Set).Require(Permission.Admin);
        g.MapDelete("/{app}", Destroy).Require(Permission.Admin);
        return routes;
    }

    private static object Summary(AppRecord a, EnvironmentStore envs, HttpContext? ctx = null, BranchMap? branches = null) => new
    {
        name = a.Name,
        createdAt = a.CreatedAt,
        production = envs.ActiveTag(a.Name, Environments.Production),
        stage = envs.ActiveTag(a.Name, Environments.Stage),
        gitUrl = ctx is null ? null : $"{ctx.Request.Scheme}://{ctx.Request.Host}/{a.Name}.git",
        branches = branches?.For(a.Name),
    };

    /// <summary>PATCH {"branches": {"release": "production", "stage": "none"}}: which branch deploys where.</summary>
    private static IResult Set(string app, SetAppRequest body, AppStore apps, BranchMap branches, HistoryStore history, HttpContext ctx)
    {
        if (apps.Find(app) is null) return ApiErrors.NotFoundApp(app);
        var changes = new List<(string, string)>();
        foreach (var (branch, env) in body.Branches ?? [])
        {
            if (!BranchMapping.IsBranchName(branch))
                return ApiErrors.Error(400, $"'{branch}' is not a branch name: use {BranchMapping.BranchRule}");
            if (env != "none" && !Environments.All.Contains(env))
                return ApiErrors.Error(400, $"branch {branch}: '{env}' is not an environment; use production, stage, or none to stop deploying it");
            changes.Add((branch, env));
        }
        var map = branches.Set(app, changes);
        history.Add(app, null, "branches", BranchMap.Describe(map), ctx.Principal().Name);
        return Results.Json(new { name = app, branches = map });
    }

    private static IResult Create(CreateAppRequest body, AppStore apps, RepoManager repos, HistoryStore history, HttpContext ctx)
    {
        var name = body.Name ?? "";
        if (AppName.RefusalForNew(name) is { } refusal) return ApiErrors.Error(400, refusal);
        string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        if (!apps.TryCreate(apps.NewRecord(name, Secret)))
            return ApiErrors.Error(409, $"an app named '{name}' already exists; choose another name");
        try
        {
            repos.Create(name);
        }
        catch
        {
            apps.Delete(name); // no app without its repository
            throw;
        }
        history.Add(name, null, "create", "app created", ctx.Principal().Name);
        var url = $"{ctx.Request.Scheme}://{ctx.Request.Host}/{name}.git";
        return Results.Json(new { name, gitUrl = url, hint = $"git remote add engine {url} && git push engine main" }, statusCode: 201);
    }

    private static async Task<IResult> Destroy(string app, AppStore apps, RepoManager repos, Supervisor supervisor, ReleaseFiles files, HistoryStore history, GitDeploy.Runtime.Router.DomainTable domains,
        GitDeploy.Build.Pipeline.BuildPipeline builds, PersistentStorage storage, DomainStore appDomains,
        GitDeploy.Server.Acme.CertificateRenewer acme, HttpContext ctx)
    {
        if (apps.Find(app) is null) return ApiErrors.NotFoundApp(app);
        history.Add(app, null, "destroy", "app destroyed: instances stopped, repository and releases deleted", ctx.Principal().Name);
        await supervisor.StopAppAsync(app);
        domains.RemoveApp(app);
        var custom = appDomains.List(app);
        apps.Delete(app);
        foreach (var d in custom) acme.Forget(d.Domain); // their certificates go with them
        repos.Delete(app);
        files.DeleteApp(app);
        builds.ForgetApp(app);
        await storage.ForgetAsync(app);
        return Results.Json(new { name = app, destroyed = true });
    }
}

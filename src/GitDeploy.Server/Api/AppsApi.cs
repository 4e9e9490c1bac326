using System.Security.Cryptography;
using GitDeploy.Deploys.Releases;
using GitDeploy.Git;
using GitDeploy.Git.Repos;

namespace GitDeploy.Server.Api;

/// <summary>/api/apps: create, list, show, destroy.</summary>
public static class AppsApi
{
    public static IEndpointRouteBuilder MapAppsApi(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/apps");
        g.MapGet(
                "",
                (AppStore apps, EnvironmentStore envs, HttpContext ctx) =>
                    Results.Json(
                        apps.List()
                            .Where(a => ctx.Principal().Can(Permission.Read, a.Name))
                            .Select(a => Summary(a, envs))
                    )
            )
            .Require(Permission.Read);
        g.MapPost("", Create).Require(Permission.Admin);
        g.MapGet(
                "/{app}",
                (string app, AppStore apps, EnvironmentStore envs, BranchMap branches, HttpContext ctx) =>
                    apps.Find(app) is { } a
                        ? Results.Json(Summary(a, envs, ctx, branches, apps))
                        : ApiErrors.NotFoundApp(app)
            )
            .Require(Permission.Read);
        g.MapPatch("/{app}", Set).Require(Permission.Admin);
        g.MapDelete("/{app}", Destroy).Require(Permission.Admin);
        return routes;
    }

    private static Contracts.AppView Summary(
        AppRecord a,
        EnvironmentStore envs,
        HttpContext? ctx = null,
        BranchMap? branches = null,
        AppStore? apps = null
    ) =>
        new(
            a.Name,
            a.CreatedAt,
            envs.ActiveTag(a.Name, Environments.Production),
            envs.ActiveTag(a.Name, Environments.Stage),
            ctx is null ? null : $"{ctx.Request.Scheme}://{ctx.Request.Host}/{a.Name}.git",
            branches?.For(a.Name).ToDictionary(),
            ctx is null ? null : apps!.StrictPush(a.Name),
            ctx is null ? null : apps!.Target(a.Name)
        );

    /// <summary>PATCH {"branches": {"release": "production", "stage": "none"}, "strictPush": true, "target":
    /// "swarm"}.</summary>
    private static IResult Set(
        string app,
        SetAppRequest body,
        AppStore apps,
        BranchMap branches,
        HistoryStore history,
        GitDeploy.Runtime.Targets.ReleaseTargets targets,
        HttpContext ctx
    )
    {
        if (apps.Find(app) is null)
            return ApiErrors.NotFoundApp(app);
        if (body.Target is { } target && targets.Refusal(target) is { } refusal)
            return ApiErrors.Error(400, refusal);
        var map = branches.For(app);
        if (body.Branches is { Count: > 0 } changes)
        {
            var (changed, error) = branches.Set(app, changes.Select(kv => (kv.Key, kv.Value)));
            if (changed is null)
                return ApiErrors.Error(400, error!);
            map = changed;
            history.Add(app, null, "branches", map.Describe(), ctx.Principal().Name);
        }
        if (body.StrictPush is { } strict)
        {
            apps.SetStrictPush(app, strict);
            var what = strict ? "on: pushes build and start before the branch moves" : "off";
            history.Add(app, null, "strict-push", "strict push " + what, ctx.Principal().Name);
        }
        string? note = null;
        if (body.Target is { } chosen && chosen != apps.Target(app))
        {
            apps.SetTarget(app, chosen);
            history.Add(app, null, "target", $"release target {chosen}", ctx.Principal().Name);
            note =
                $"{app} runs on the {chosen} target from its next deploy; "
                + $"`gitdeploy restart {app}` moves the live "
                + "release now (the new instances start there first, then the old ones stop)";
        }
        return Results.Json(
            new
            {
                name = app,
                branches = map.ToDictionary(),
                strictPush = apps.StrictPush(app),
                target = apps.Target(app),
                note,
            }
        );
    }

    private static IResult Create(
        CreateAppRequest body,
        AppStore apps,
        RepoManager repos,
        HistoryStore history,
        HttpContext ctx
    )
    {
        var name = body.Name ?? "";
        if (AppName.RefusalForNew(name) is { } refusal)
            return ApiErrors.Error(400, refusal);
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
        return Results.Json(
            new
            {
                name,
                gitUrl = url,
                hint = $"git remote add engine {url} && git push engine main",
            },
            statusCode: 201
        );
    }

    private static async Task<IResult> Destroy(
        string app,
        AppStore apps,
        RepoManager repos,
        GitDeploy.Runtime.Targets.ReleaseTargets targets,
        ReleaseFiles files,
        HistoryStore history,
        GitDeploy.Runtime.Router.DomainTable domains,
        GitDeploy.Build.Pipeline.BuildPipeline builds,
        PersistentStorage storage,
        GitDeploy.Runtime.Metrics.RequestMetrics metrics,
        DomainStore appDomains,
        GitDeploy.Server.Acme.CertificateRenewer acme,
        HttpContext ctx
    )
    {
        if (apps.Find(app) is null)
            return ApiErrors.NotFoundApp(app);
        history.Add(
            app,
            null,
            "destroy",
            "app destroyed: instances stopped, repository and releases deleted",
            ctx.Principal().Name
        );
        await targets.DestroyAsync(app);
        domains.RemoveApp(app);
        var custom = appDomains.List(app);
        apps.Delete(app);
        foreach (var d in custom)
            acme.Forget(d.Domain); // their certificates go with them
        repos.Delete(app);
        files.DeleteApp(app);
        builds.ForgetApp(app);
        await storage.ForgetAsync(app);
        metrics.ForgetApp(app);
        return Results.Json(new { name = app, destroyed = true });
    }
}

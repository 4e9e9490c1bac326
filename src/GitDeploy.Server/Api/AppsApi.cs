using System.Security.Cryptography;
using GitDeploy.Deploys.Releases;
using GitDeploy.Git;
using GitDeploy.Git.Repos;
using GitDeploy.Runtime.Supervisor;
using GitDeploy.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitDeploy.Server.Api;

public sealed record CreateAppRequest(string? Name);

/// <summary>/api/apps: create, list, show, destroy.</summary>
public static class AppsApi
{
    public static IEndpointRouteBuilder MapAppsApi(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/apps");
        g.MapGet("", (AppStore apps, EnvironmentStore envs) => Results.Json(apps.List().Select(a => Summary(a, envs))));
        g.MapPost("", Create);
        g.MapGet("/{app}", (string app, AppStore apps, EnvironmentStore envs, HttpContext ctx) =>
            apps.Find(app) is { } a ? Results.Json(Summary(a, envs, ctx)) : ApiErrors.NotFoundApp(app));
        g.MapDelete("/{app}", Destroy);
        return routes;
    }

    private static object Summary(AppRecord a, EnvironmentStore envs, HttpContext? ctx = null) => new
    {
        name = a.Name,
        createdAt = a.CreatedAt,
        production = envs.ActiveTag(a.Name, Environments.Production),
        stage = envs.ActiveTag(a.Name, Environments.Stage),
        gitUrl = ctx is null ? null : $"{ctx.Request.Scheme}://{ctx.Request.Host}/{a.Name}.git",
    };

    private static IResult Create(CreateAppRequest body, AppStore apps, RepoManager repos, HttpContext ctx)
    {
        var name = body.Name?.Trim() ?? "";
        if (!AppName.IsValid(name)) return ApiErrors.Error(400, $"'{name}' is not a valid app name: {AppName.Rule}");
        string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        if (!apps.TryCreate(apps.NewRecord(name, Secret)))
            return ApiErrors.Error(409, $"an app named '{name}' already exists; choose another name");
        repos.Create(name);
        var url = $"{ctx.Request.Scheme}://{ctx.Request.Host}/{name}.git";
        return Results.Json(new { name, gitUrl = url, hint = $"git remote add engine {url} && git push engine main" }, statusCode: 201);
    }

    private static async Task<IResult> Destroy(string app, AppStore apps, RepoManager repos, Supervisor supervisor, ReleaseFiles files)
    {
        if (apps.Find(app) is null) return ApiErrors.NotFoundApp(app);
        await supervisor.StopAppAsync(app);
        apps.Delete(app);
        repos.Delete(app);
        files.DeleteApp(app);
        return Results.Json(new { name = app, destroyed = true });
    }
}

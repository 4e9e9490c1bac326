using GitDeploy.Deploys.Releases;
using GitDeploy.Runtime.Targets;

namespace GitDeploy.Server.Api;

/// <summary>/api/apps/APP/ps, /scale, /restart: the running instances of an app.</summary>
public static class InstancesApi
{
    public static IEndpointRouteBuilder MapInstancesApi(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/apps/{app}");
        g.MapGet(
                "/ps",
                (string app, AppStore apps, ReleaseTargets targets) =>
                    apps.Find(app) is null ? ApiErrors.NotFoundApp(app) : Results.Json(targets.Status(app))
            )
            .Require(Permission.Read);
        g.MapPost("/scale", Scale).Require(Permission.Release);
        g.MapPost("/restart", Restart).Require(Permission.Release);
        return routes;
    }

    internal static bool TryEnv(string? env, out string value, out IResult? error)
    {
        value = string.IsNullOrEmpty(env) ? Environments.Production : env;
        error = Environments.All.Contains(value)
            ? null
            : ApiErrors.Error(400, $"unknown environment '{env}': use production or stage");
        return error is null;
    }

    private static async Task<IResult> Scale(string app, ScaleRequest body, Scaling scaling, HttpContext ctx)
    {
        if (!TryEnv(body.Env, out var env, out var error))
            return error!;
        var r = await scaling.ScaleAsync(app, env, body.Count, ctx.Principal().Name);
        return r.Ok
            ? Results.Json(
                new
                {
                    app,
                    env,
                    count = body.Count,
                    message = r.Message,
                    events = r.Events,
                }
            )
            : ApiErrors.Error(InstancesApi.StatusOf(r.Failure), r.Message);
    }

    private static async Task<IResult> Restart(
        string app,
        string? env,
        AppStore apps,
        ReleaseOperations operations,
        HttpContext ctx
    )
    {
        if (apps.Find(app) is null)
            return ApiErrors.NotFoundApp(app);
        if (!TryEnv(env, out var e, out var error))
            return error!;
        return Operation(await operations.RestartAsync(app, e, ctx.Principal().Name));
    }

    internal static IResult Operation(OperationResult r) =>
        r.Ok
            ? Results.Json(
                new
                {
                    tag = r.Tag,
                    deploy = r.DeployId,
                    message = r.Message,
                    events = r.Events,
                }
            )
            : ApiErrors.Error(
                StatusOf(r.Failure),
                r.Message + (r.Events is { Count: > 0 } ev ? "\n" + string.Join("\n", ev) : "")
            );

    /// <summary>The HTTP status of a release operation that did not happen.</summary>
    internal static int StatusOf(OperationFailure failure) =>
        failure switch
        {
            OperationFailure.NotFound => 404,
            OperationFailure.Invalid => 400,
            OperationFailure.Pruned => 410,
            OperationFailure.NothingLive => 409,
            _ => 500,
        };
}

namespace GitDeploy.Server.Api;

/// <summary>
/// /api/apps/APP/config: the app's own variables per environment. A change takes effect at the
/// next deploy, rollback or restart (or at once with restart: true). Values never reach a log:
/// history records the names only.
/// </summary>
public static class ConfigApi
{
    public static IEndpointRouteBuilder MapConfigApi(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/apps/{app}/config");
        g.MapGet(
                "",
                (string app, string? env, AppStore apps, ConfigStore configs) =>
                {
                    if (apps.Find(app) is null)
                        return ApiErrors.NotFoundApp(app);
                    if (!InstancesApi.TryEnv(env, out var e, out var error))
                        return error!;
                    return Results.Json(configs.List(app, e));
                }
            )
            .Require(Permission.Config);
        g.MapPatch("", Change).Require(Permission.Config);
        return routes;
    }

    private static async Task<IResult> Change(string app, ConfigChange body, ConfigChanges changes, HttpContext ctx)
    {
        if (!InstancesApi.TryEnv(body.Env, out var env, out var error))
            return error!;
        var r = await changes.ApplyAsync(
            app,
            env,
            body.Set ?? [],
            body.Unset ?? [],
            body.Restart,
            ctx.Principal().Name
        );
        return r.Ok
            ? Results.Json(
                new
                {
                    app,
                    env,
                    set = r.Set,
                    unset = r.Unset,
                    note = r.Message,
                }
            )
            : ApiErrors.Error(r.Status, r.Message);
    }
}

using GitDeploy.Deploys.Releases;

namespace GitDeploy.Server.Api;

/// <summary>/api/apps/APP/rollback and /promote: stored artifacts started again, no build.</summary>
public static class ReleaseOperationsApi
{
    public static IEndpointRouteBuilder MapReleaseOperationsApi(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/apps/{app}");
        g.MapPost(
                "/rollback",
                async (string app, RollbackRequest body, AppStore apps, ReleaseOperations ops, HttpContext ctx) =>
                {
                    if (apps.Find(app) is null)
                        return ApiErrors.NotFoundApp(app);
                    if (string.IsNullOrWhiteSpace(body.Tag))
                        return ApiErrors.Error(
                            400,
                            $"say which release: `gitdeploy rollback {app} TAG` (see `gitdeploy releases {app}`)"
                        );
                    if (!InstancesApi.TryEnv(body.Env, out var env, out var error))
                        return error!;
                    return InstancesApi.Operation(
                        await ops.RollbackAsync(app, env, body.Tag, body.WithConfig, ctx.Principal().Name)
                    );
                }
            )
            .Require(Permission.Release);
        g.MapPost(
                "/promote",
                async (string app, AppStore apps, ReleaseOperations ops, HttpContext ctx) =>
                    apps.Find(app) is null
                        ? ApiErrors.NotFoundApp(app)
                        : InstancesApi.Operation(await ops.PromoteAsync(app, ctx.Principal().Name))
            )
            .Require(Permission.Release);
        return routes;
    }
}

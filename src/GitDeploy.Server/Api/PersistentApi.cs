using GitDeploy.Deploys.Releases;
using GitDeploy.Isolation;

namespace GitDeploy.Server.Api;

/// <summary>/api/apps/APP/persistent: each environment's opt-in persistent directory, its quota and use.</summary>
public static class PersistentApi
{
    public static IEndpointRouteBuilder MapPersistentApi(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/apps/{app}/persistent");
        g.MapGet("", (string app, AppStore apps, PersistentStorage storage) =>
                apps.Find(app) is null ? ApiErrors.NotFoundApp(app) : Results.Json(Describe(app, storage)))
            .Require(Permission.Read);
        g.MapPatch("", Set).Require(Permission.Admin);
        return routes;
    }

    internal static Dictionary<string, object> Describe(string app, PersistentStorage storage) =>
        Environments.All.ToDictionary(env => env, env =>
    {
        var quota = storage.Quota(app, env);
        var usage = storage.Usage(app, env);
        return (object)new
        {
            enabled = quota is not null,
            quotaBytes = quota,
            usedBytes = usage?.Used,
            variable = quota is null ? null : PersistentStorage.Variable,
        };
    });

    private static IResult Set(string app, PersistentRequest body, AppStore apps, PersistentStorage storage,
        HistoryStore history, HttpContext ctx)
    {
        if (apps.Find(app) is null) return ApiErrors.NotFoundApp(app);
        if (!InstancesApi.TryEnv(body.Env, out var env, out var error)) return error!;
        long? quota;
        switch (body.Quota)
        {
            case "off": quota = null; break;
            case null or "on": quota = storage.Quota(app, env) ?? PersistentStorage.DefaultQuota; break;
            default:
                if (!ResourceLimits.TryParseBytes(body.Quota, out quota) || quota is null)
                    return ApiErrors.Error(400, $"'{body.Quota}' is not a quota: give a size such as 512M or 2G, " +
                        "on or off");
                break;
        }
        if (storage.Set(app, env, quota) is { } refusal) return ApiErrors.Error(400, refusal);
        var what = quota is { } q
            ? $"persistent directory on, quota {ResourceLimits.Describe(q)}" : "persistent directory off";
        history.Add(app, env, "persistent", what, ctx.Principal().Name);
        return Results.Json(new
        {
            app, env, persistent = Describe(app, storage)[env],
            note = "takes effect at the next deploy, rollback or restart; " +
                "turning it off keeps the files until the app is destroyed",
        });
    }
}

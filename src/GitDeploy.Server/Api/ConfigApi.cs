using GitDeploy.Deploys.Releases;

namespace GitDeploy.Server.Api;

public sealed record ConfigChange(string? Env, Dictionary<string, string>? Set, List<string>? Unset, bool Restart = false);

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
        g.MapGet("", (string app, string? env, AppStore apps, ConfigStore configs) =>
        {
            if (apps.Find(app) is null) return ApiErrors.NotFoundApp(app);
            if (!InstancesApi.TryEnv(env, out var e, out var error)) return error!;
            return Results.Json(configs.List(app, e));
        }).Require(Permission.Config);
        g.MapPatch("", Change).Require(Permission.Config);
        return routes;
    }

    private static async Task<IResult> Change(string app, ConfigChange body, AppStore apps, ConfigStore configs, HistoryStore history, ReleaseOperations ops, EnvironmentStore envs, HttpContext ctx)
    {
        if (apps.Find(app) is null) return ApiErrors.NotFoundApp(app);
        if (!InstancesApi.TryEnv(body.Env, out var env, out var error)) return error!;
        var set = body.Set ?? [];
        foreach (var name in set.Keys.Concat(body.Unset ?? []))
        {
            if (!AppEnvironment.NamePattern.IsMatch(name))
                return ApiErrors.Error(400, $"'{name}' is not a variable name: use letters, digits and '_', not starting with a digit");
            if (AppEnvironment.IsReserved(name))
                return ApiErrors.Error(400, $"{name} is set by the platform and cannot be changed (names starting with LEANCLOUD or LC_, and PORT, HOME, TMPDIR, PATH, VIRTUAL_ENV, PERSISTENT_DIR are built in); choose another name");
        }
        foreach (var (name, value) in set)
            if (AppEnvironment.ValueRefusal(name, value) is { } refusal) return ApiErrors.Error(400, refusal);
        var after = new Dictionary<string, string>(configs.List(app, env), StringComparer.Ordinal);
        foreach (var (name, value) in set) after[name] = value;
        foreach (var name in body.Unset ?? []) after.Remove(name);
        if (set.Count > 0 && AppEnvironment.TotalRefusal(after) is { } tooMuch)
            return ApiErrors.Error(400, $"{app} ({env}): {tooMuch}");
        if (set.Count > 0) configs.Set(app, env, set);
        var removed = body.Unset is { Count: > 0 } u ? configs.Unset(app, env, u) : [];
        var actor = ctx.Principal().Name;
        if (set.Count > 0) history.Add(app, env, "config set", string.Join(", ", set.Keys.Order()), actor);
        if (removed.Count > 0) history.Add(app, env, "config unset", string.Join(", ", removed), actor);
        var note = "takes effect at the next deploy, rollback or restart";
        if (body.Restart && envs.ActiveTag(app, env) is not null)
        {
            var r = await ops.RestartAsync(app, env, actor);
            if (!r.Ok) return ApiErrors.Error(InstancesApi.StatusOf(r.Failure), "config saved, but the restart failed: " + r.Message);
            note = "applied: " + r.Message;
        }
        return Results.Json(new { app, env, set = set.Keys.Order(), unset = removed, note });
    }
}

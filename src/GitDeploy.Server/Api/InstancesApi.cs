using GitDeploy.Deploys.Releases;
using GitDeploy.Runtime.Supervisor;
using GitDeploy.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitDeploy.Server.Api;

public sealed record ScaleRequest(int Count, string? Env);

/// <summary>/api/apps/APP/ps, /scale, /restart: the running instances of an app.</summary>
public static class InstancesApi
{
    public static IEndpointRouteBuilder MapInstancesApi(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/apps/{app}");
        g.MapGet("/ps", (string app, AppStore apps, Supervisor supervisor) =>
            apps.Find(app) is null ? ApiErrors.NotFoundApp(app) : Results.Json(supervisor.Status(app)));
        g.MapPost("/scale", Scale);
        g.MapPost("/restart", Restart);
        return routes;
    }

    internal static bool TryEnv(string? env, out string value, out IResult? error)
    {
        value = string.IsNullOrEmpty(env) ? Environments.Production : env;
        error = Environments.All.Contains(value) ? null : ApiErrors.Error(400, $"unknown environment '{env}': use production or stage");
        return error is null;
    }

    private static async Task<IResult> Scale(string app, ScaleRequest body, AppStore apps, EnvironmentStore envs, Supervisor supervisor)
    {
        if (apps.Find(app) is null) return ApiErrors.NotFoundApp(app);
        if (!TryEnv(body.Env, out var env, out var error)) return error!;
        if (body.Count is < 1 or > SupervisorOptions.MaxInstances)
            return ApiErrors.Error(400, $"an environment runs 1 to {SupervisorOptions.MaxInstances} instances, not {body.Count}");
        envs.SetScale(app, env, body.Count);
        var events = new List<string>();
        var result = await supervisor.ScaleAsync(app, env, body.Count, events.Add, CancellationToken.None);
        return result.Ok
            ? Results.Json(new { app, env, count = body.Count, message = result.Message, events })
            : ApiErrors.Error(500, result.Message + " (the other instances keep serving)");
    }

    private static async Task<IResult> Restart(string app, string? env, AppStore apps, EnvironmentStore envs, ReleaseStarter starter)
    {
        var record = apps.Find(app);
        if (record is null) return ApiErrors.NotFoundApp(app);
        if (!TryEnv(env, out var e, out var error)) return error!;
        var tag = envs.ActiveTag(app, e);
        if (tag is null) return ApiErrors.Error(409, $"{app} has nothing live on {e} to restart; deploy it first with git push");
        var events = new List<string>();
        var result = await starter.StartAsync(record, e, tag, events.Add, CancellationToken.None);
        return result.Ok
            ? Results.Json(new { app, env = e, tag, message = $"restarted {tag}: fresh instances serve {e}", events })
            : ApiErrors.Error(500, $"{result.Message}; the previous instances keep serving. Last log lines: {string.Join(" | ", result.LogTail.TakeLast(5))}");
    }
}

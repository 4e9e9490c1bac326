using GitDeploy.Runtime.Logs;
using Microsoft.AspNetCore.Http.Features;

namespace GitDeploy.Server.Api;

/// <summary>
/// <c>GET /api/apps/APP/logs?n=100&amp;env=&amp;instance=&amp;follow=true&amp;json=true</c>: the last lines, then
/// (follow) new ones as they are written, streamed as text lines (or JSON lines) over one HTTP response.
/// </summary>
public static class LogsApi
{
    public static IEndpointRouteBuilder MapLogsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/apps/{app}/logs", Logs).Require(Permission.Logs);
        return routes;
    }

    private static string Render(LogLine l, bool json) =>
        json
            ? System.Text.Json.JsonSerializer.Serialize(
                new
                {
                    time = l.Time,
                    env = l.Env,
                    instance = l.Instance,
                    stream = l.Stream.ToString().ToLowerInvariant(),
                    text = l.Text,
                }
            )
            : l.Display();

    private static async Task Logs(
        HttpContext ctx,
        string app,
        int? n,
        string? env,
        string? instance,
        bool? follow,
        bool? json,
        AppStore apps,
        AppLogs logs
    )
    {
        if (apps.Find(app) is null)
        {
            await ApiErrors.NotFoundApp(app).ExecuteAsync(ctx);
            return;
        }
        if (env is not null && !InstancesApi.TryEnv(env, out _, out var error))
        {
            await error!.ExecuteAsync(ctx);
            return;
        }
        var filter = new LogFilter(env, instance);
        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var asJson = json == true;
        ctx.Response.ContentType = asJson ? "application/x-ndjson" : "text/plain; charset=utf-8";
        var ct = ctx.RequestAborted;
        // Subscribe before reading the files, so no line written in between is missed.
        using var live = follow == true ? logs.Subscribe(app, filter) : null;
        var last = DateTimeOffset.MinValue;
        try
        {
            foreach (var line in logs.Tail(app, Math.Clamp(n ?? 100, 0, 10_000), filter))
            {
                await ctx.Response.WriteAsync(Render(line, asJson) + "\n", ct);
                last = line.Time;
            }
            await ctx.Response.Body.FlushAsync(ct);
            if (live is null)
                return;
            await foreach (var line in live.ReadAllAsync(ct))
            {
                if (line.Time <= last)
                    continue; // already printed from the file
                await ctx.Response.WriteAsync(Render(line, asJson) + "\n", ct);
                await ctx.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) { }
    }
}

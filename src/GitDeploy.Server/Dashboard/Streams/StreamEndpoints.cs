using GitDeploy.Deploys.Queue;
using GitDeploy.Runtime.Logs;
using GitDeploy.Server.Dashboard.Sessions;
using GitDeploy.Server.Dashboard.Text;
using GitDeploy.Server.Dashboard.Views;
using Microsoft.Extensions.Hosting;

namespace GitDeploy.Server.Dashboard.Streams;

/// <summary>
/// The live parts: a deploy's log as it is written (the same <see cref="DeployLog"/> stream the pusher
/// reads, from its first line), the app's log as it is written, a log download, the metrics' chart data.
/// Streams end when the browser leaves or the server stops.
/// </summary>
public static class StreamEndpoints
{
    public static RouteGroupBuilder MapDashboardStreams(this RouteGroupBuilder g)
    {
        g.MapGet("/apps/{app}/deploys/{id:long}/events", DeployEvents);
        g.MapGet("/apps/{app}/logs/events", LogEvents);
        g.MapGet("/apps/{app}/logs/download", (string app, AppStore apps, AppLogs logs, DashboardOptions o,
            TimeProvider clock, HttpContext ctx) =>
        {
            if (!ctx.Viewer().Can(Permission.Logs, app))
                return Results.Text("your token may not read logs\n", statusCode: 403);
            if (apps.Find(app) is null) return Results.Text($"no app named {app}\n", statusCode: 404);
            var q = LogQuery.From(ctx.Request, o.MaxLogLines) with { Lines = o.MaxLogLines };
            var text = string.Concat(logs.Tail(app, q.Lines, q.Filter).Select(l => l.Display() + "\n"));
            var name = $"{app}-logs-{clock.GetUtcNow():yyyyMMdd-HHmmss}.txt";
            return Results.File(System.Text.Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8", name);
        });
        g.MapGet("/apps/{app}/metrics/data", (string app, string? range, ActivityQueries q, HttpContext ctx) =>
        {
            if (!ctx.Viewer().Can(Permission.Read, app)) return Results.StatusCode(403);
            return q.Metrics(app, range ?? "1h") is { } view
                ? Results.Json(new
                {
                    range = view.Range,
                    envs = view.Envs.Select(e => new { env = e.Env, chart = e.Chart, markers = e.Markers }),
                }, Pages.MetricsPage.Json)
                : Results.NotFound();
        });
        return g;
    }

    private static async Task DeployEvents(string app, long id, DeployStore deploys, DeployService service,
        IHostApplicationLifetime life, DashboardOptions o, TimeProvider clock, HttpContext ctx)
    {
        if (!ctx.Viewer().Can(Permission.Logs, app)) { ctx.Response.StatusCode = 403; return; }
        var record = deploys.Find(app, id);
        if (record is null) { ctx.Response.StatusCode = 404; return; }
        Sse.Start(ctx);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, life.ApplicationStopping);
        var ct = cts.Token;
        try
        {
            var ended = record.Status is DeployStatus.Succeeded or DeployStatus.Failed;
            var lines = !ended && service.LiveLog(id) is { } live ? live.ReadAllAsync(ct)
                : ReleaseQueries.ReadLines(service.LogPath(app, id)).ToAsyncEnumerable();
            await foreach (var (tick, line) in Sse.WithTicks(lines, o.StreamKeepAlive, clock, ct))
                if (tick) await Sse.KeepAliveAsync(ctx, ct);
                else await Sse.SendAsync(ctx, "line", LogHtml.Build(line), null, ct);
            if (ct.IsCancellationRequested) return;
            var final = deploys.Find(app, id) ?? record;
            await Sse.SendAsync(ctx, "done", DoneHtml(final), null, ct);
        }
        catch (OperationCanceledException) { } // the browser left, or the server stops; the deploy goes on
    }

    private static string DoneHtml(DeployRecord d)
    {
        var enc = System.Text.Encodings.Web.HtmlEncoder.Default;
        var text = d.Status switch
        {
            DeployStatus.Succeeded =>
                $"Deploy #{d.Id} succeeded{(d.Tag is null ? "" : $": {d.Tag} is live on {d.Env}")}.",
            DeployStatus.Failed => $"Deploy #{d.Id} failed{(d.Error is null ? "" : ": " + d.Error)}",
            _ => $"Deploy #{d.Id} is {d.Status}; reload for more.",
        };
        return $"<p class=\"done {(d.Status == DeployStatus.Failed ? "bad" : "ok")}\">{enc.Encode(text)}</p>" +
            $"<span id=\"deploy-state\" hx-swap-oob=\"true\">" +
            $"<span class=\"badge st-{enc.Encode(d.Status)}\">{enc.Encode(d.Status)}</span></span>";
    }

    private static async Task LogEvents(string app, AppStore apps, AppLogs logs, IHostApplicationLifetime life,
        DashboardOptions o, TimeProvider clock, HttpContext ctx)
    {
        if (!ctx.Viewer().Can(Permission.Logs, app)) { ctx.Response.StatusCode = 403; return; }
        if (apps.Find(app) is null) { ctx.Response.StatusCode = 404; return; }
        var q = LogQuery.From(ctx.Request, o.MaxLogLines);
        // A reconnecting EventSource says where it was; a new one, where the page's own lines ended.
        var since = ctx.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } resumed
            ? resumed : ctx.Request.Query["since"].ToString();
        var last = DateTimeOffset.TryParse(since, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTimeOffset?)null;
        Sse.Start(ctx);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, life.ApplicationStopping);
        var ct = cts.Token;
        // Subscribe before reading the files, so that no line written in between is missed.
        using var live = logs.Subscribe(app, q.Filter);
        try
        {
            await Sse.KeepAliveAsync(ctx, ct);
            if (last is { } from)
                foreach (var line in logs.Tail(app, o.MaxLogLines, q.Filter).Where(l => l.Time > from))
                {
                    await Sse.SendAsync(ctx, "line", LogHtml.App(line), Id(line), ct);
                    last = line.Time;
                }
            await foreach (var (tick, line) in Sse.WithTicks(live.ReadAllAsync(ct), o.StreamKeepAlive, clock, ct))
            {
                if (tick) { await Sse.KeepAliveAsync(ctx, ct); continue; }
                // Files keep milliseconds: compare at that precision, or a line read from both would show twice.
                if (last is { } seen && Millis(line.Time) <= seen) continue;
                await Sse.SendAsync(ctx, "line", LogHtml.App(line), Id(line), ct);
                last = line.Time;
            }
        }
        catch (OperationCanceledException) { }
    }

    private static string Id(LogLine l) => l.Time.UtcDateTime.ToString("O");

    private static DateTimeOffset Millis(DateTimeOffset t) => t.AddTicks(-(t.UtcTicks % TimeSpan.TicksPerMillisecond));
}

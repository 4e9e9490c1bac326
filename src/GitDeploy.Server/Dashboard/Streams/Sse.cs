using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.Features;

namespace GitDeploy.Server.Dashboard.Streams;

/// <summary>Server-sent events: one response, an event per line of a log, a comment now and then so it stays
/// open.</summary>
public static class Sse
{
    public static void Start(HttpContext ctx)
    {
        ctx.Response.ContentType = "text/event-stream; charset=utf-8";
        ctx.Response.Headers.CacheControl = "no-cache, no-store";
        ctx.Response.Headers["X-Accel-Buffering"] = "no"; // a proxy in front must not hold the stream back
        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>One event; <paramref name="data"/> is one line (HTML fragments here never hold a newline).</summary>
    public static async Task SendAsync(HttpContext ctx, string name, string data, string? id, CancellationToken ct)
    {
        var line = data.Replace("\n", " ").Replace("\r", " ");
        var text = $"event: {name}\n{(id is null ? "" : $"id: {id}\n")}data: {line}\n\n";
        await ctx.Response.WriteAsync(text, ct);
        await ctx.Response.Body.FlushAsync(ct);
    }

    public static async Task KeepAliveAsync(HttpContext ctx, CancellationToken ct)
    {
        await ctx.Response.WriteAsync(": still here\n\n", ct);
        await ctx.Response.Body.FlushAsync(ct);
    }

    /// <summary>
    /// The items of <paramref name="source"/>, and a tick (<c>Tick = true</c>) after each <paramref name="every"/>
    /// without one. Ends when the source ends or <paramref name="ct"/> is cancelled.
    /// </summary>
    public static async IAsyncEnumerable<(bool Tick, T Item)> WithTicks<T>(IAsyncEnumerable<T> source, TimeSpan every,
        TimeProvider clock, [EnumeratorCancellation] CancellationToken ct)
    {
        var e = source.GetAsyncEnumerator(ct);
        var next = e.MoveNextAsync().AsTask();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var tick = Task.Delay(every, clock, ct);
                if (await Task.WhenAny(next, tick) != next)
                {
                    if (ct.IsCancellationRequested) yield break;
                    yield return (true, default!);
                    continue;
                }
                bool more;
                try { more = await next; }
                catch (OperationCanceledException) { yield break; }
                if (!more) yield break;
                yield return (false, e.Current);
                next = e.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            // The source ends on the same token; wait for its pending step before letting it go.
            try { await next; } catch (OperationCanceledException) { }
            await e.DisposeAsync();
        }
    }
}

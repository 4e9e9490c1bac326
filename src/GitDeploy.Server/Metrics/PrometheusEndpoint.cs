using GitDeploy.Runtime.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Server.Metrics;

/// <summary>
/// <c>GET /metrics</c> on the platform's hosts: the router's request metrics and the platform's gauges
/// as Prometheus text, for an admin token or a token made with <c>--role metrics</c> (Bearer, or Basic
/// with the token as password, which is what Prometheus' <c>authorization</c> and <c>basic_auth</c> send).
/// </summary>
public static class PrometheusEndpoint
{
    public const string Path = "/metrics";

    public static IEndpointRouteBuilder MapPrometheus(this IEndpointRouteBuilder routes)
    {
        routes.ServiceProvider.GetRequiredService<PlatformGauges>();
        routes.MapGet(Path, async (HttpContext ctx, AccessControl access, RequestMetrics metrics) =>
        {
            var p = access.Authenticate(ctx.Request);
            if (p is null)
            {
                ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"gitdeploy\"";
                await Results.Text("missing or wrong token: scrape /metrics with an admin token or one made with " +
                    "`gitdeploy tokens create --name prometheus --role metrics` (Authorization: Bearer TOKEN)\n",
                    statusCode: 401).ExecuteAsync(ctx);
                return;
            }
            if (!p.Can(Permission.Metrics, null))
            {
                var scope = p.App is null ? "" : ", limited to " + p.App;
                await Results.Text($"token '{p.Name}' ({p.Role}{scope}) may not " +
                    "read /metrics: it needs an admin token or a metrics token for all apps " +
                    "(gitdeploy tokens create --role metrics)\n", statusCode: 403).ExecuteAsync(ctx);
                return;
            }
            ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(ctx.Response.Body, ctx.RequestAborted);
        });
        return routes;
    }
}

using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace GitDeploy.Runtime.Router;

/// <summary>
/// The load balancer: requests whose Host names an app go to one of its healthy instances through
/// YARP's forwarder; every other request falls through to the platform (API, git).
/// </summary>
public sealed class RouterMiddleware(RequestDelegate next, RouteTable routes, IHttpForwarder forwarder, IOptions<RouterOptions> options)
{
    private static readonly HttpMessageInvoker Client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        EnableMultipleHttp2Connections = true,
    });
    private static readonly ForwardedHeaders Transformer = new();

    public async Task InvokeAsync(HttpContext ctx)
    {
        var o = options.Value;
        if (!HostResolver.TryResolve(ctx.Request.Host.Host, o.AppsDomain, out var app, out var env))
        {
            await next(ctx);
            return;
        }
        if (ctx.Request.Path.StartsWithSegments("/.well-known/acme-challenge"))
        {
            ctx.Response.StatusCode = 404;
            await ctx.Response.WriteAsync("not found\n");
            return;
        }
        var destination = routes.Pick(app, env);
        if (destination is null)
        {
            ctx.Response.StatusCode = 503;
            ctx.Response.ContentType = "text/html; charset=utf-8";
            ctx.Response.Headers.RetryAfter = "5";
            await ctx.Response.WriteAsync($"<!doctype html><title>503 No instance</title><h1>503</h1><p>{WebUtility.HtmlEncode(app)} ({env}) has no healthy instance right now. If you just deployed, try again in a few seconds.</p>\n");
            return;
        }
        var config = new ForwarderRequestConfig { ActivityTimeout = o.ResponseTimeout };
        await forwarder.SendAsync(ctx, destination.Address, Client, config, Transformer);
    }
}

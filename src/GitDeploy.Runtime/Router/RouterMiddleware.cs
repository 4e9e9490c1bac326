using System.Diagnostics;
using System.Net;
using GitDeploy.Runtime.Logs;
using GitDeploy.Runtime.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace GitDeploy.Runtime.Router;

/// <summary>
/// The load balancer, ahead of everything: ACME challenges on any host; a Host that names an app
/// goes to one of its healthy instances through YARP's forwarder (503 page when there is none);
/// the platform's own hosts fall through to the API and git; any other host gets 404. A GitDeploy
/// token in Authorization is removed before a request goes to an app.
/// </summary>
public sealed class RouterMiddleware(
    RequestDelegate next,
    HostRouter hosts,
    RouteTable routes,
    IHttpForwarder forwarder,
    AppLogs logs,
    State.AppStore apps,
    State.EnvironmentStore environments,
    IOptions<RouterOptions> options,
    IPlatformCredentials credentials,
    RequestMetrics metrics
)
{
    private static readonly ForwardedHeaders Transformer = new();

    public async Task InvokeAsync(HttpContext ctx)
    {
        var o = options.Value;
        if (ctx.Request.Path.StartsWithSegments(AcmeChallenge.Prefix))
        {
            await AcmeChallenge.AnswerAsync(ctx, o.AcmeChallengeDir);
            return;
        }
        var target = hosts.Resolve(ctx.Request.Host.Host);
        switch (target.Kind)
        {
            case TargetKind.Platform:
                // The API and git may block (SQLite, git processes): off the I/O thread first (IoThreads).
                await Task.Yield();
                await next(ctx);
                return;
            case TargetKind.UnknownHost:
                await Page(
                    ctx,
                    404,
                    "Unknown host",
                    $"No app answers at {ctx.Request.Host.Host}. Add the domain "
                        + $"to an app with `gitdeploy domains add APP {ctx.Request.Host.Host}`."
                );
                return;
        }

        var started = Stopwatch.GetTimestamp();
        var trusted = o.IsTrusted(ctx.Connection.RemoteIpAddress);
        ctx.Items[ForwardedHeaders.TrustedKey] = trusted;
        var requestId = ForwardedHeaders.RequestId(ctx, trusted);
        ctx.Response.Headers["X-Request-Id"] = requestId;

        var https = ctx.Request.IsHttps || (trusted && ctx.Request.Headers["X-Forwarded-Proto"] == "https");
        if (target.ForceHttps && !https && o.HttpsPort is { } port)
        {
            var authority = port == 443 ? ctx.Request.Host.Host : $"{ctx.Request.Host.Host}:{port}";
            ctx.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            ctx.Response.Headers.Location =
                $"https://{authority}{ctx.Request.PathBase}{ctx.Request.Path}{ctx.Request.QueryString}";
            return;
        }

        var destination = routes.Pick(target.App, target.Env);
        if (destination is null && apps.Find(target.App) is null)
        {
            await Page(ctx, 404, "No such app", $"There is no app named {target.App} here.");
            return;
        }
        if (destination is null)
        {
            if (environments.ActiveTag(target.App, target.Env) is null)
            {
                var branch = target.Env == State.Environments.Stage ? "stage" : "main";
                await Page(
                    ctx,
                    503,
                    "No release yet",
                    $"{target.App} ({target.Env}) has no release yet: deploy one with git push engine {branch}."
                );
                metrics.Record(target.App, target.Env, null, 503, started);
                return;
            }
            ctx.Response.Headers.RetryAfter = "5";
            await Page(
                ctx,
                503,
                "No instance",
                $"{target.App} ({target.Env}) has no healthy instance right now. "
                    + "If it was just deployed or restarted, try again in a few seconds."
            );
            metrics.Record(target.App, target.Env, null, 503, started);
            return;
        }

        if (!BodyLimit.Apply(ctx, o.MaxRequestBodyBytes))
        {
            await TooLarge(ctx, o.MaxRequestBodyBytes);
            metrics.Record(target.App, target.Env, destination.Tag, 413, started);
            return;
        }

        // The platform's own token never reaches an app (an app's own Basic or Bearer credentials do).
        if (ctx.Request.Headers.Authorization.Count > 0 && credentials.Carries(ctx.Request))
            ctx.Request.Headers.Remove("Authorization");

        // A destination the supervisor closed after this request picked it (a retired instance): pick again.
        for (var tries = 0; !destination.Upstream.TryEnter(); tries++)
        {
            destination = routes.Pick(target.App, target.Env);
            if (destination is null || tries == 3)
            {
                ctx.Response.Headers.RetryAfter = "1";
                await Page(ctx, 503, "No instance", $"{target.App} ({target.Env}) has no healthy instance right now.");
                metrics.Record(target.App, target.Env, null, 503, started);
                return;
            }
        }
        var config = new ForwarderRequestConfig { ActivityTimeout = o.ResponseTimeout };
        ForwarderError error;
        try
        {
            error = await forwarder.SendAsync(
                ctx,
                destination.Address,
                destination.Upstream.Client,
                config,
                Transformer
            );
        }
        finally
        {
            destination.Upstream.Exit();
        }
        metrics.Record(target.App, target.Env, destination.Tag, ctx.Response.StatusCode, started);
        if (error != ForwarderError.None)
        {
            var exception = ctx.GetForwarderErrorFeature()?.Exception;
            if (BodyLimit.WasExceeded(exception) && !ctx.Response.HasStarted)
                await TooLarge(ctx, o.MaxRequestBodyBytes);
            logs.Platform(
                target.App,
                target.Env,
                destination.Instance,
                $"request {requestId} {ctx.Request.Method} {ctx.Request.Path} "
                    + $"failed in the router: {error} → {ctx.Response.StatusCode}"
            );
        }
        else if (ctx.Response.StatusCode >= 500)
        {
            logs.Platform(
                target.App,
                target.Env,
                destination.Instance,
                $"request {requestId} {ctx.Request.Method} {ctx.Request.Path} → {ctx.Response.StatusCode}"
            );
        }
    }

    private static Task TooLarge(HttpContext ctx, long limit) =>
        Page(ctx, 413, "Request too large", $"The request body is larger than {limit / (1024 * 1024)} MiB.");

    private static async Task Page(HttpContext ctx, int status, string title, string text)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/html; charset=utf-8";
        await ctx.Response.WriteAsync(
            $"<!doctype html><title>{status} {title}</title><h1>{status} "
                + $"{title}</h1><p>{WebUtility.HtmlEncode(text)}</p>\n"
        );
    }
}

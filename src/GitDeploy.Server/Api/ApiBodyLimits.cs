using GitDeploy.Runtime.Router;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Server.Api;

/// <summary>
/// Bounds on /api/ request bodies: at most <see cref="MaxBytes"/> (413) and JSON nested at most
/// <see cref="MaxDepth"/> levels (400). A body the endpoint cannot read (bad JSON, too deep, the
/// wrong shape, missing) is answered with <see cref="ApiErrors"/>' JSON and a message, never an empty 400.
/// </summary>
public sealed class ApiBodyLimits(RequestDelegate next)
{
    /// <summary>The largest API body is a config change: 1 MiB is far above any real one.</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <summary>The deepest real body is 2 levels ({"set": {"K": "V"}}).</summary>
    public const int MaxDepth = 32;

    public static IServiceCollection AddTo(IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.MaxDepth = MaxDepth);
        // The binder's failures become exceptions, answered below with their reason.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public async Task InvokeAsync(HttpContext ctx)
    {
        if (!ctx.Request.Path.StartsWithSegments("/api")) { await next(ctx); return; }
        if (!BodyLimit.Apply(ctx, MaxBytes)) { await TooLarge().ExecuteAsync(ctx); return; }
        try
        {
            await next(ctx);
            // The endpoint's binder takes a failed read for a client that went away: answer for it.
            if (BodyLimit.Exceeded(ctx) && !ctx.Response.HasStarted) await TooLarge().ExecuteAsync(ctx);
        }
        catch (Exception e) when (!ctx.Response.HasStarted && BodyLimit.WasExceeded(e))
        {
            await TooLarge().ExecuteAsync(ctx);
        }
        catch (BadHttpRequestException e) when (!ctx.Response.HasStarted)
        {
            await ApiErrors.Error(e.StatusCode, Describe(e)).ExecuteAsync(ctx);
        }
    }

    private static IResult TooLarge() =>
        ApiErrors.Error(413, $"the request body is larger than the API's limit of {MaxBytes} bytes " +
            $"({MaxBytes / 1024} KiB)");

    private static string Describe(Exception e) => e.InnerException switch
    {
        System.Text.Json.JsonException j when j.Message.Contains("maximum configured depth") =>
            $"the request body's JSON is nested deeper than the API's limit of {MaxDepth} levels ({j.Message})",
        System.Text.Json.JsonException j => $"the request body is not the JSON this endpoint takes: {j.Message}",
        _ => e.Message,
    };
}

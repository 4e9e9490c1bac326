using GitDeploy.Deploys;
using Microsoft.Extensions.Logging;

namespace GitDeploy.Server.Api;

/// <summary>
/// An exception escaping an /api/ endpoint still answers with a message: a full disk is a 507 that
/// names the disk and the path, anything else a 500 that says where the details are logged.
/// </summary>
public sealed class ApiExceptionMiddleware(RequestDelegate next, PlatformOptions platform, Database db, ILogger<ApiExceptionMiddleware> log)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        if (!ctx.Request.Path.StartsWithSegments("/api")) { await next(ctx); return; }
        try
        {
            await next(ctx);
        }
        catch (Exception e) when (!ctx.RequestAborted.IsCancellationRequested)
        {
            var full = DiskSpace.IsFull(e);
            log.Log(full ? LogLevel.Warning : LogLevel.Error, e, "{Method} {Path} failed", ctx.Request.Method, ctx.Request.Path);
            if (ctx.Response.HasStarted) { ctx.Abort(); return; }
            ctx.Response.Clear();
            var result = full
                ? ApiErrors.Error(507, DiskSpace.Describe(DiskSpace.PathOf(e, e is Microsoft.Data.Sqlite.SqliteException ? db.Path : platform.DataDir)))
                : ApiErrors.Error(500, $"internal error: {e.Message} (details in the server log, {Path.Combine(platform.DataDir, "logs")})");
            await result.ExecuteAsync(ctx);
        }
    }
}

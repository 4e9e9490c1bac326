using GitDeploy.Deploys;
using Microsoft.Extensions.Logging;

namespace GitDeploy.Server.Api;

/// <summary>
/// An exception escaping an /api/ endpoint still answers with a message: a full disk is a 507 that
/// names the disk and the path, anything else a 500 that says where the details are logged.
/// </summary>
public sealed class ApiExceptionMiddleware(
    RequestDelegate next, PlatformOptions platform, Database db, ILogger<ApiExceptionMiddleware> log)
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
            var full = DiskSpace.Explains(e, platform.DataDir);
            var level = full ? LogLevel.Warning : LogLevel.Error;
            log.Log(level, e, "{Method} {Path} failed", ctx.Request.Method, ctx.Request.Path);
            if (ctx.Response.HasStarted) { ctx.Abort(); return; }
            ctx.Response.Clear();
            var where = e is Microsoft.Data.Sqlite.SqliteException ? db.Path : platform.DataDir;
            var logs = Path.Combine(platform.DataDir, "logs");
            var result = full
                ? ApiErrors.Error(507, DiskSpace.Describe(DiskSpace.PathOf(e, where)))
                : ApiErrors.Error(500, $"internal error: {e.Message} (details in the server log, {logs})");
            await result.ExecuteAsync(ctx);
        }
    }
}

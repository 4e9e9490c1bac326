using GitDeploy.Deploys;
using GitDeploy.Server.Api;
using Microsoft.AspNetCore.Http.Features;

namespace GitDeploy.Server.Backups;

/// <summary><c>POST /api/backup</c> (admin): streams a backup of the running server as tar.gz (<see cref="BackupArchive"/>).</summary>
public static class BackupApi
{
    public static IEndpointRouteBuilder MapBackupApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/backup", Backup).Require(Permission.Admin);
        return routes;
    }

    private static async Task Backup(HttpContext ctx, PlatformOptions platform, Database db, HistoryStore history)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"gitdeploy-backup-{Guid.NewGuid():N}.db");
        try
        {
            db.BackupTo(copy);
            history.Add("*", null, "backup", "backup taken", ctx.Principal().Name);
            ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            ctx.Response.ContentType = "application/gzip";
            ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"gitdeploy-{DateTime.UtcNow:yyyyMMdd-HHmmss}.tar.gz\"";
            await BackupArchive.WriteAsync(platform.DataDir, copy, ctx.Response.Body, ctx.RequestAborted);
        }
        finally
        {
            File.Delete(copy);
        }
    }
}

using GitDeploy.Deploys;
using GitDeploy.Server.Api;
using Microsoft.AspNetCore.Http.Features;

namespace GitDeploy.Server.Backups;

/// <summary><c>POST /api/backup</c> (admin): streams a <see cref="BackupArchive"/> of the running server.</summary>
public static class BackupApi
{
    public static IEndpointRouteBuilder MapBackupApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/backup", Backup).Require(Permission.Admin);
        return routes;
    }

    private static async Task Backup(
        HttpContext ctx, PlatformOptions platform, Database db, HistoryStore history, TimeProvider clock)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"gitdeploy-backup-{Guid.NewGuid():N}.db");
        try
        {
            db.BackupTo(copy);
            history.Add("*", null, "backup", "backup taken", ctx.Principal().Name);
            ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            ctx.Response.ContentType = "application/gzip";
            var now = clock.GetUtcNow();
            var name = $"gitdeploy-{now:yyyyMMdd-HHmmss}.tar.gz";
            ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
            await BackupArchive.WriteAsync(platform.DataDir, copy, ctx.Response.Body, now, ctx.RequestAborted);
        }
        finally
        {
            File.Delete(copy);
        }
    }
}

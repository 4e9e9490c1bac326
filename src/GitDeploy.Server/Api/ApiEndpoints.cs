using GitDeploy.Server.Backups;

namespace GitDeploy.Server.Api;

public static class ApiEndpoints
{
    /// <summary>Every group of the JSON API under <c>/api</c>.</summary>
    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder app)
    {
        app.MapAppsApi();
        app.MapReleasesApi();
        app.MapInstancesApi();
        app.MapLogsApi();
        app.MapReleaseOperationsApi();
        app.MapConfigApi();
        app.MapTokensApi();
        app.MapHistoryApi();
        app.MapDomainsApi();
        app.MapPersistentApi();
        app.MapSourceApi();
        app.MapDeployLogApi();
        app.MapBackupApi();
        return app;
    }
}

using GitDeploy.Git;

namespace GitDeploy.Server.Api;

/// <summary>/api/apps/APP/history: every change with who made it and when.</summary>
public static class HistoryApi
{
    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder routes)
    {
        routes
            .MapGet(
                "/api/apps/{app}/history",
                (string app, int? n, HistoryStore history) =>
                    AppName.IsValid(app) || app == "*"
                        ? Results.Json(history.List(app, Math.Clamp(n ?? 100, 1, 10_000)))
                        : ApiErrors.NotFoundApp(app)
            )
            .Require(Permission.Read);
        return routes;
    }
}

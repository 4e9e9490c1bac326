using GitDeploy.Server.Dashboard.Components;
using GitDeploy.Server.Dashboard.Sessions;
using GitDeploy.Server.Dashboard.Views;

namespace GitDeploy.Server.Dashboard.Pages;

/// <summary>The fragments htmx polls to keep pages live (the same components the pages render).</summary>
public static class PartialEndpoints
{
    public static RouteGroupBuilder MapDashboardPartials(this RouteGroupBuilder g)
    {
        g.MapGet("/partials/apps", (AppQueries q, HttpContext ctx) =>
            Render.Component<AppsTable>(new { View = q.Overview(ctx.Viewer(), ctx.Request) }));
        g.MapGet("/apps/{app}/partials/envs", (string app, AppQueries q, HttpContext ctx) =>
            Gone(ctx, Permission.Read, app) ?? (q.Envs(ctx.Viewer(), app, ctx.Request) is { } envs
                ? Render.Component<EnvPanels>(new { App = app, Envs = envs, Viewer = ctx.Viewer() })
                : Results.NotFound()));
        g.MapGet("/apps/{app}/partials/releases", (string app, string? env, ReleaseQueries q, HttpContext ctx) =>
            Gone(ctx, Permission.Read, app) ?? (q.Releases(app, PageEndpoints.Env(env)) is { } view
                ? Render.Component<ReleasesTable>(new { View = view, Viewer = ctx.Viewer() })
                : Results.NotFound()));
        g.MapGet("/apps/{app}/partials/deploys", (string app, ReleaseQueries q, HttpContext ctx) =>
            Gone(ctx, Permission.Read, app) ?? (q.Deploys(app) is { } deploys
                ? Render.Component<DeploysTable>(new { App = app, Deploys = deploys })
                : Results.NotFound()));
        return g;
    }

    private static IResult? Gone(HttpContext ctx, Permission p, string app) =>
        ctx.Viewer().Can(p, app) ? null : Results.StatusCode(403);
}

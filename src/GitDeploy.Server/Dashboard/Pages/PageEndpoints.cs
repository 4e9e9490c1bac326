using GitDeploy.Runtime.Router;
using GitDeploy.Server.Api;
using GitDeploy.Server.Dashboard.Sessions;
using GitDeploy.Server.Dashboard.Views;
using Microsoft.Extensions.Options;

namespace GitDeploy.Server.Dashboard.Pages;

/// <summary>The dashboard's pages (GET): each reads through the query classes, checks the token's permission,
/// renders.</summary>
public static class PageEndpoints
{
    public static RouteGroupBuilder MapDashboardPages(this RouteGroupBuilder g)
    {
        g.MapGet("", (AppQueries q, HttpContext ctx) => Render.Component<OverviewPage>(
            new { Viewer = ctx.Viewer(), View = q.Overview(ctx.Viewer(), ctx.Request) }));
        g.MapGet("/apps/{app}", (string app, AppQueries q, IOptions<RouterOptions> router, HttpContext ctx) =>
            Render.Refusal(ctx, Permission.Read, app)
            ?? (q.App(ctx.Viewer(), app, ctx.Request) is { } view
                ? Render.Component<AppPage>(
                    new { Viewer = ctx.Viewer(), View = view, AppsDomain = router.Value.AppsDomain })
                : Render.NoApp(ctx, app)));
        g.MapGet("/apps/{app}/releases", (string app, string? env, ReleaseQueries q, HttpContext ctx) =>
            Render.Refusal(ctx, Permission.Read, app)
            ?? (q.Releases(app, Env(env)) is { } view
                ? Render.Component<ReleasesPage>(new { Viewer = ctx.Viewer(), View = view })
                : Render.NoApp(ctx, app)));
        g.MapGet("/apps/{app}/releases/{tag}/log", (string app, string tag, BuildLogs logs, ReleaseStore releases,
            HttpContext ctx) =>
            Render.Refusal(ctx, Permission.Logs, app)
            ?? (releases.Find(app, tag) is null
                ? Render.Message(ctx, 404, "No such release", $"{app} has no release {tag}.", app)
                : Render.Component<BuildLogPage>(new
                {
                    Viewer = ctx.Viewer(), App = app, Tag = tag,
                    Lines = ReleaseQueries.ReadLines(logs.PathOf(app, tag)),
                })));
        g.MapGet("/apps/{app}/deploys", (string app, ReleaseQueries q, HttpContext ctx) =>
            Render.Refusal(ctx, Permission.Read, app)
            ?? (q.Deploys(app) is { } deploys
                ? Render.Component<DeploysPage>(new { Viewer = ctx.Viewer(), App = app, Deploys = deploys })
                : Render.NoApp(ctx, app)));
        g.MapGet("/apps/{app}/deploys/{id:long}", (string app, long id, ReleaseQueries q, HttpContext ctx) =>
            Render.Refusal(ctx, Permission.Read, app)
            ?? (q.Deploy(app, id) is { } view
                ? Render.Component<DeployPage>(new { Viewer = ctx.Viewer(), App = app, View = view })
                : Render.Message(ctx, 404, "No such deploy", $"{app} has no deploy #{id}.", app)));
        g.MapGet("/apps/{app}/logs", (string app, ActivityQueries q, DashboardOptions o, HttpContext ctx) =>
            Render.Refusal(ctx, Permission.Logs, app)
            ?? (q.Logs(app, LogQuery.From(ctx.Request, o.MaxLogLines)) is { } view
                ? Render.Component<LogsPage>(new { Viewer = ctx.Viewer(), View = view })
                : Render.NoApp(ctx, app)));
        g.MapGet("/apps/{app}/metrics", (string app, string? range, ActivityQueries q, IOptions<RouterOptions> router,
            HttpContext ctx) =>
            Render.Refusal(ctx, Permission.Read, app)
            ?? (q.Metrics(app, range ?? "1h") is { } view
                ? Render.Component<MetricsPage>(
                    new { Viewer = ctx.Viewer(), View = view, AppsDomain = router.Value.AppsDomain })
                : Render.NoApp(ctx, app)));
        return g;
    }

    internal static string Env(string? env) => env == Environments.Stage ? Environments.Stage : Environments.Production;
}

using GitDeploy.Deploys.Releases;
using GitDeploy.Server.Api;

namespace GitDeploy.Server.Dashboard.Actions;

/// <summary>
/// The dashboard's buttons (POST forms). Each calls the same operation as its API endpoint, so it is
/// recorded the same way (a deploy record for rollback, promote and restart; a history entry with the
/// token's name for all of them).
/// </summary>
public static class ActionEndpoints
{
    public static RouteGroupBuilder MapDashboardActions(this RouteGroupBuilder g)
    {
        var a = g.MapGroup("/apps/{app}");
        a.MapPost("/rollback", (string app, FormAction act, ReleaseOperations ops, HttpContext ctx) =>
            act.RunAsync(ctx, app, Permission.Release, f => Releases(app, f), async (form, actor) =>
            {
                var tag = form["tag"].ToString();
                if (tag.Length == 0) return (false, "Say which release to roll back to.");
                var r = await ops.RollbackAsync(app, FormAction.Env(form), tag, form["withConfig"] == "true", actor);
                return (r.Ok, r.Ok ? $"Rolled back: {r.Message}." : "Rollback failed: " + r.Message);
            }));
        a.MapPost("/promote", (string app, FormAction act, ReleaseOperations ops, HttpContext ctx) =>
            act.RunAsync(ctx, app, Permission.Release, _ => $"/dashboard/apps/{app}/releases?env=production",
                async (_, actor) =>
            {
                var r = await ops.PromoteAsync(app, actor);
                return (r.Ok, r.Ok ? $"Promoted: {r.Message}." : "Promote failed: " + r.Message);
            }));
        a.MapPost("/restart", (string app, FormAction act, ReleaseOperations ops, HttpContext ctx) =>
            act.RunAsync(ctx, app, Permission.Release, _ => $"/dashboard/apps/{app}", async (form, actor) =>
            {
                var r = await ops.RestartAsync(app, FormAction.Env(form), actor);
                return (r.Ok, r.Ok ? $"Restarted: {r.Message}." : "Restart failed: " + r.Message);
            }));
        a.MapPost("/scale", (string app, FormAction act, Scaling scaling, HttpContext ctx) =>
            act.RunAsync(ctx, app, Permission.Release, _ => $"/dashboard/apps/{app}", async (form, actor) =>
            {
                if (!int.TryParse(form["count"], out var count))
                    return (false, "Give the number of instances (1 to 12).");
                var r = await scaling.ScaleAsync(app, FormAction.Env(form), count, actor);
                return (r.Ok, r.Message);
            }));
        a.MapPost("/config/set", (string app, FormAction act, ConfigChanges changes, HttpContext ctx) =>
            act.RunAsync(ctx, app, Permission.Config, _ => $"/dashboard/apps/{app}", async (form, actor) =>
            {
                var name = form["name"].ToString().Trim();
                var env = FormAction.Env(form);
                var set = new Dictionary<string, string> { [name] = form["value"].ToString() };
                var r = await changes.ApplyAsync(app, env, set, [], form["restart"] == "true", actor);
                return (r.Ok, r.Ok ? $"{name} set on {env}: {r.Message}." : r.Message);
            }));
        a.MapPost("/config/unset", (string app, FormAction act, ConfigChanges changes, HttpContext ctx) =>
            act.RunAsync(ctx, app, Permission.Config, _ => $"/dashboard/apps/{app}", async (form, actor) =>
            {
                var name = form["name"].ToString();
                var env = FormAction.Env(form);
                var r = await changes.ApplyAsync(app, env, new Dictionary<string, string>(), [name], false, actor);
                return (r.Ok, r.Ok ? $"{name} removed from {env}: {r.Message}." : r.Message);
            }));
        a.MapPost("/releases/{tag}/pin", (string app, string tag, FormAction act, ReleasePins pins, HttpContext ctx) =>
            act.RunAsync(ctx, app, Permission.Release, f => Releases(app, f), (form, actor) =>
            {
                var r = pins.Set(app, tag, form["pinned"] != "false", actor);
                return Task.FromResult((r.Ok, r.Message));
            }));
        return g;
    }

    private static string Releases(string app, IFormCollection form) =>
        $"/dashboard/apps/{app}/releases?env={FormAction.Env(form)}";
}

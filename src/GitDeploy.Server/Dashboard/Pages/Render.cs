using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using GitDeploy.Server.Dashboard.Sessions;

namespace GitDeploy.Server.Dashboard.Pages;

/// <summary>A page or fragment rendered on the server (Razor components, static rendering: no circuit, no
/// WebAssembly).</summary>
public static class Render
{
    public static IResult Component<T>(object parameters, int status = 200) where T : IComponent =>
        new RazorComponentResult<T>(parameters) { StatusCode = status };

    public static IResult Message(HttpContext ctx, int status, string title, string text, string? app = null) =>
        Component<MessagePage>(new Dictionary<string, object?>
        {
            ["Viewer"] = ctx.Items[Viewer.ItemKey] as Viewer, ["App"] = app, ["Title"] = title, ["Text"] = text,
        }, status);

    public static IResult NoApp(HttpContext ctx, string app) =>
        Message(ctx, 404, "No such app",
            $"There is no app named {app} here (or it was destroyed). See the list of apps.");

    /// <summary>The page's refusal when the token may not do or see this, or null when it may.</summary>
    public static IResult? Refusal(HttpContext ctx, Permission needed, string app)
    {
        var v = ctx.Viewer();
        if (v.Can(needed, app)) return null;
        var text = v.Principal.App is { } only && only != app
            ? $"Your token ({v.Describe}) is limited to the app {only}."
            : $"Your token ({v.Describe}) may not {Verb(needed)}: " +
              $"that needs a {Roles.Needed(needed)} token or higher " +
              "(gitdeploy tokens create).";
        return Message(ctx, 403, "Not allowed", text, v.Principal.App is { } o && o != app ? null : app);
    }

    private static string Verb(Permission p) => p switch
    {
        Permission.Logs => "read logs",
        Permission.Release => "roll back, promote, restart, scale or pin",
        Permission.Config => "see or change config values",
        Permission.Deploy => "deploy",
        Permission.Admin => "do this",
        _ => "see this app",
    };
}

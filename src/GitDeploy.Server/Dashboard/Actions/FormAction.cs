using GitDeploy.Server.Dashboard.Pages;
using GitDeploy.Server.Dashboard.Sessions;

namespace GitDeploy.Server.Dashboard.Actions;

/// <summary>
/// What every dashboard button does first: the form must be ours (CSRF, origin, size), the app must exist,
/// the token must have the permission, and the environment (when given) must be one. Then the operation runs
/// and its outcome is shown once on the page the browser is sent back to.
/// </summary>
public sealed class FormAction(DashboardForms forms, AppStore apps)
{
    public async Task<IResult> RunAsync(HttpContext ctx, string app, Permission needed,
        Func<IFormCollection, string> back, Func<IFormCollection, string, Task<(bool Ok, string Message)>> operation)
    {
        var viewer = ctx.Viewer();
        var (form, refused) = await forms.ReadAsync(ctx, viewer.Csrf);
        if (refused is not null) return Render.Message(ctx, refused.Status, "Refused", refused.Message, app);
        if (Render.Refusal(ctx, needed, app) is { } notAllowed) return notAllowed;
        if (apps.Find(app) is null) return Render.NoApp(ctx, app);
        if (form!["env"].ToString() is { Length: > 0 } env && !Environments.All.Contains(env))
            return Render.Message(ctx, 400, "Unknown environment",
                $"'{env}' is not an environment: use production or stage.", app);
        var (ok, message) = await operation(form, viewer.Principal.Name);
        viewer.Session.SetFlash(new Flash(ok, message));
        return new SeeOther(back(form));
    }

    public static string Env(IFormCollection form) =>
        form["env"].ToString() is { Length: > 0 } e ? e : Environments.Production;
}

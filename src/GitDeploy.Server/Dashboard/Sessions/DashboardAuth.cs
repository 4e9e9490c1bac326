namespace GitDeploy.Server.Dashboard.Sessions;

/// <summary>
/// Every dashboard endpoint but sign-in and the assets: a live session whose token still exists
/// (its role and app are read anew each time). A page asked for without one redirects to sign-in
/// (and back afterwards); a fragment, a stream or a form post gets 401.
/// </summary>
public sealed class DashboardAuth(SessionStore sessions, AccessControl access) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var ctx = context.HttpContext;
        var cookie = SessionCookie.Read(ctx.Request);
        var session = sessions.Find(cookie);
        var principal = session is null ? null : access.ResolveHash(session.TokenHash);
        if (session is not null && principal is null) sessions.End(session); // its token was revoked
        if (session is null || principal is null)
        {
            if (cookie is not null) SessionCookie.Clear(ctx.Response);
            var why = cookie is null ? null : session is null ? "expired" : "revoked";
            return Refuse(ctx, why);
        }
        ctx.Items[Viewer.ItemKey] = new Viewer(session, principal);
        return await next(context);
    }

    private static IResult Refuse(HttpContext ctx, string? why)
    {
        var r = ctx.Request;
        var page = HttpMethods.IsGet(r.Method) && !r.Headers.ContainsKey("HX-Request")
            && !r.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.Ordinal);
        if (!page)
            return Results.Text(
                "not signed in to the dashboard (or the session ended): sign in again at /dashboard/sign-in\n",
                statusCode: 401);
        var next = Uri.EscapeDataString(r.Path + r.QueryString);
        return Results.Redirect($"{SignInEndpoints.Path}?next={next}{(why is null ? "" : "&why=" + why)}");
    }
}

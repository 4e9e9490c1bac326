using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using GitDeploy.Server.Dashboard.Actions;
using GitDeploy.Server.Dashboard.Pages;

namespace GitDeploy.Server.Dashboard.Sessions;

/// <summary>
/// Sign-in trades an API token for a session cookie; sign-out ends the session. The sign-in form is
/// CSRF-protected too (a login CSRF would sign a victim in as the attacker): its token is a random value
/// in a SameSite=Strict cookie that the form must echo. Both are recorded in history with the token's name.
/// </summary>
public static class SignInEndpoints
{
    public const string Path = "/dashboard/sign-in";
    private const string FormCookie = "gitdeploy_signin";

    public static RouteGroupBuilder MapDashboardSignIn(this RouteGroupBuilder g)
    {
        g.MapGet("/sign-in", (string? next, string? why, HttpContext ctx) => Page(ctx, Next(next), null, why switch
        {
            "expired" => "Your session ended. Sign in again.",
            "revoked" => "Your session ended: its token was revoked. Sign in with another token.",
            "out" => "Signed out.",
            _ => null,
        }));
        g.MapPost("/sign-in", SignIn);
        g.MapPost("/sign-out", SignOut).AddEndpointFilter<DashboardAuth>();
        return g;
    }

    private static async Task<IResult> SignIn(HttpContext ctx, DashboardForms forms, AccessControl access,
        SessionStore sessions, HistoryStore history)
    {
        var expected = ctx.Request.Cookies[FormCookie];
        if (string.IsNullOrEmpty(expected))
            return Page(ctx, "/dashboard", "The sign-in form expired (or cookies are off for this site). Try again.",
                null, 400);
        var (form, refused) = await forms.ReadAsync(ctx, expected);
        if (refused is not null) return Page(ctx, "/dashboard", refused.Message, null, refused.Status);
        var next = Next(form!["next"]);
        var token = form["token"].ToString().Trim();
        if (access.Resolve(token) is not { } principal)
            return Page(ctx, next, "That is not a token of this server. Use the admin token gitdeploy serve printed " +
                "at its first start, or a token from gitdeploy tokens create.", null, 401);
        if (principal.Role == Roles.Metrics)
            return Page(ctx, next, "A metrics token only reads /metrics; sign in with a viewer, deployer, " +
                "release-manager or admin token.", null, 403);
        var (cookie, session) = sessions.Create(AccessControl.Hash(token));
        SessionCookie.Write(ctx.Response, cookie, session.ExpiresAt);
        ctx.Response.Cookies.Delete(FormCookie, SessionCookie.Options(ctx.Request, null));
        history.Add(principal.App ?? "*", null, "dashboard sign-in", $"from {ctx.Connection.RemoteIpAddress}",
            principal.Name);
        return new SeeOther(next);
    }

    private static async Task<IResult> SignOut(HttpContext ctx, DashboardForms forms, SessionStore sessions,
        HistoryStore history)
    {
        var viewer = ctx.Viewer();
        var (_, refused) = await forms.ReadAsync(ctx, viewer.Csrf);
        if (refused is not null) return Render.Message(ctx, refused.Status, "Refused", refused.Message);
        sessions.End(viewer.Session);
        SessionCookie.Clear(ctx.Response);
        history.Add(viewer.Principal.App ?? "*", null, "dashboard sign-out", "", viewer.Principal.Name);
        return new SeeOther(Path + "?why=out");
    }

    private static TimeProvider Clock(HttpContext ctx) =>
        ctx.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;

    private static IResult Page(HttpContext ctx, string next, string? error, string? notice, int status = 200)
    {
        var csrf = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        ctx.Response.Cookies.Append(FormCookie, csrf,
            SessionCookie.Options(ctx.Request, Clock(ctx).GetUtcNow().AddHours(1)));
        return Render.Component<SignInPage>(new { Csrf = csrf, Next = next, Error = error, Notice = notice }, status);
    }

    /// <summary>Where to go after signing in: a dashboard page of this site, never another site.</summary>
    public static string Next(string? next) =>
        next is { Length: > 0 and < 2000 } n
            && (n == "/dashboard" || n.StartsWith("/dashboard/", StringComparison.Ordinal)
                || n.StartsWith("/dashboard?", StringComparison.Ordinal))
            && !n.Contains("//") && !n.Contains('\\')
            && !n.StartsWith(Path, StringComparison.Ordinal) ? n : "/dashboard";
}

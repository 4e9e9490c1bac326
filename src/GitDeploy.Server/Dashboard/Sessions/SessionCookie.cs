namespace GitDeploy.Server.Dashboard.Sessions;

/// <summary>
/// The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page or link sends
/// it), Secure over HTTPS, limited to /dashboard, and expiring with the session.
/// </summary>
public static class SessionCookie
{
    public const string Name = "gitdeploy_session";
    public const string Path = "/dashboard";

    public static string? Read(HttpRequest request) => request.Cookies[Name];

    public static void Write(HttpResponse response, string value, DateTimeOffset expires) =>
        response.Cookies.Append(Name, value, Options(response.HttpContext.Request, expires));

    public static void Clear(HttpResponse response) =>
        response.Cookies.Delete(Name, Options(response.HttpContext.Request, null));

    internal static CookieOptions Options(HttpRequest request, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = Path,
        Expires = expires,
        IsEssential = true,
    };
}

namespace GitDeploy.Server.Dashboard.Sessions;

/// <summary>
/// On every dashboard response: scripts and styles only from the dashboard itself (no inline code, no
/// eval), no framing, no caching of pages (the assets set their own), no referrer to other sites.
/// </summary>
public sealed class SecurityHeaders : IEndpointFilter
{
    public const string Policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; " +
        "frame-ancestors 'none'";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var h = context.HttpContext.Response.Headers;
        h.ContentSecurityPolicy = Policy;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "same-origin";
        h.CacheControl = "no-store";
        return next(context);
    }
}

using GitDeploy.Server.Api;
using Microsoft.AspNetCore.Http;

namespace GitDeploy.Server.Auth;

/// <summary>
/// Every /api/ request: a valid token (401 otherwise), and the permission its endpoint declares
/// for the app in its route (403 with what is missing). Runs after routing, before the endpoint.
/// </summary>
public sealed class ApiAccessMiddleware(RequestDelegate next, AccessControl access)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        if (!ctx.Request.Path.StartsWithSegments("/api"))
        {
            await next(ctx);
            return;
        }
        var principal = access.Authenticate(ctx.Request);
        if (principal is null)
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"gitdeploy\"";
            await ApiErrors
                .Error(
                    401,
                    "missing or wrong token: set GITDEPLOY_TOKEN to a token of "
                        + "this server (`gitdeploy serve` prints the admin token on "
                        + "first start)"
                )
                .ExecuteAsync(ctx);
            return;
        }
        var endpoint = ctx.GetEndpoint();
        if (endpoint is null)
        {
            await next(ctx);
            return;
        }
        var requirement = endpoint.Metadata.GetMetadata<PermissionRequirement>();
        var app = ctx.Request.RouteValues["app"] as string;
        if (requirement is null || !principal.Can(requirement.Permission, app))
        {
            var message = requirement is null
                ? "this endpoint declares no permission and is refused"
                : AccessControl.Refusal(principal, requirement.Permission, app);
            await ApiErrors.Error(403, message).ExecuteAsync(ctx);
            return;
        }
        await next(ctx);
    }
}

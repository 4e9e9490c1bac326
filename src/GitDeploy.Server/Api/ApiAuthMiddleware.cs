using GitDeploy.Server.Auth;
using Microsoft.AspNetCore.Http;

namespace GitDeploy.Server.Api;

/// <summary>Every <c>/api/</c> request needs a valid token.</summary>
public sealed class ApiAuthMiddleware(RequestDelegate next, AdminToken admin)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") && !admin.Matches(Credentials.Token(ctx.Request)))
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"gitdeploy\"";
            await ApiErrors.Error(401, "missing or wrong token: set GITDEPLOY_TOKEN to the admin token that `gitdeploy serve` printed on first start")
                .ExecuteAsync(ctx);
            return;
        }
        await next(ctx);
    }
}

namespace GitDeploy.Server.Api;

/// <summary>/api/tokens (admin): tokens with roles, optionally limited to one app. A token is shown once.</summary>
public static class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/tokens");
        g.MapGet(
                "",
                (TokenStore tokens) =>
                    Results.Json(
                        tokens
                            .List()
                            .Select(t => new
                            {
                                t.Name,
                                t.Role,
                                t.App,
                                t.CreatedBy,
                                t.CreatedAt,
                            })
                    )
            )
            .Require(Permission.Admin);
        g.MapPost("", Create).Require(Permission.Admin);
        g.MapDelete(
                "/{name}",
                (string name, TokenStore tokens, HistoryStore history, HttpContext ctx) =>
                {
                    if (!tokens.Delete(name))
                        return ApiErrors.Error(404, $"no token named '{name}'; see `gitdeploy tokens list`");
                    history.Add("*", null, "token revoke", name, ctx.Principal().Name);
                    return Results.Json(new { name, revoked = true });
                }
            )
            .Require(Permission.Admin);
        return routes;
    }

    private static IResult Create(
        CreateTokenRequest body,
        TokenStore tokens,
        AppStore apps,
        HistoryStore history,
        HttpContext ctx
    )
    {
        var name = body.Name ?? "";
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, @"^[A-Za-z0-9._@-]{1,64}\z"))
            return ApiErrors.Error(400, "a token needs a --name of 1 to 64 letters, digits, '.', '_', '@' or '-'");
        if (body.Role is null || !Roles.All.Contains(body.Role))
            return ApiErrors.Error(400, $"--role must be one of {string.Join(", ", Roles.All)}");
        if (body.App is not null && apps.Find(body.App) is null)
            return ApiErrors.NotFoundApp(body.App);
        var token = AccessControl.NewToken();
        if (!tokens.TryAdd(name, body.Role, body.App, AccessControl.Hash(token), ctx.Principal().Name))
            return ApiErrors.Error(409, $"a token named '{name}' exists; choose another name or revoke it first");
        history.Add(
            body.App ?? "*",
            null,
            "token create",
            $"{name} ({body.Role}{(body.App is null ? ", all apps" : "")})",
            ctx.Principal().Name
        );
        return Results.Json(
            new
            {
                name,
                role = body.Role,
                app = body.App,
                token,
                note = "shown once: keep it; GitDeploy stores only its hash",
            },
            statusCode: 201
        );
    }
}

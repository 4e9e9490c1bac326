using System.Security.Cryptography;
using System.Text;
using GitDeploy.State;
using Microsoft.AspNetCore.Http;

namespace GitDeploy.Server.Auth;

/// <summary>Turns a request's token into a <see cref="Principal"/>: the admin token, or one of the tokens made with
/// `gitdeploy tokens create`.</summary>
public sealed class AccessControl(AdminToken admin, TokenStore tokens)
{
    public const string ItemKey = "gitdeploy.principal";

    public Principal? Authenticate(HttpRequest request)
    {
        if (request.HttpContext.Items[ItemKey] is Principal known)
            return known;
        var p = Resolve(Credentials.Token(request));
        if (p is not null)
            request.HttpContext.Items[ItemKey] = p;
        return p;
    }

    /// <summary>Who a token is (the dashboard's sign-in form takes one), or null for no token of this server.</summary>
    public Principal? Resolve(string? token) => string.IsNullOrEmpty(token) ? null : ResolveHash(Hash(token));

    /// <summary>
    /// Who the token with this SHA-256 is now: null once it was revoked (or the admin token changed),
    /// so a dashboard session made from a token ends with it.
    /// </summary>
    public Principal? ResolveHash(string sha256) =>
        admin.MatchesHash(sha256) ? new Principal("admin", Roles.Admin, null)
        : tokens.FindByHash(sha256) is { } t ? new Principal(t.Name, t.Role, t.App)
        : null;

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string NewToken() => "gd_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    public static string Refusal(Principal p, Permission needed, string? app) =>
        p.App is not null && app is not null && p.App != app
            ? $"token '{p.Name}' is limited to app {p.App}; ask an admin for a token for {app}"
            : $"token '{p.Name}' ({p.Role}) may not do this; it needs a {Roles.Needed(needed)} token"
                + (app is null ? "" : $" for {app}")
                + " (gitdeploy tokens create)";
}

namespace GitDeploy.Server.Auth;

/// <summary>Who is asking: a token's name and role, limited to one app or not.</summary>
public sealed record Principal(string Name, string Role, string? App)
{
    public bool Can(Permission p, string? app) => Roles.Allows(Role, p) && (App is null || app is null || App == app)
        && (App is null || p is not (Permission.Admin or Permission.Metrics)); // both span every app
}

namespace GitDeploy.Server.Dashboard.Sessions;

/// <summary>Who is looking at a dashboard page: the session and, read anew for each request, the token's role and
/// app.</summary>
public sealed record Viewer(DashboardSession Session, Principal Principal)
{
    public const string ItemKey = "gitdeploy.dashboard.viewer";

    public bool Can(Permission p, string? app = null) => Principal.Can(p, app);

    public string Csrf => Session.Csrf;

    /// <summary>"admin", "ci (deployer, app web)": how the page header names the signed-in token.</summary>
    public string Describe => Principal.Role == Roles.Admin && Principal.Name == "admin" ? "admin"
        : $"{Principal.Name} ({Principal.Role}{(Principal.App is null ? "" : ", app " + Principal.App)})";
}

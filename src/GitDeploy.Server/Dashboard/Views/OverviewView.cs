namespace GitDeploy.Server.Dashboard.Views;

/// <param name="GitBase">The server's address as this browser reached it, for the "push an app" help.</param>
public sealed record OverviewView(IReadOnlyList<AppSummary> Apps, string GitBase);

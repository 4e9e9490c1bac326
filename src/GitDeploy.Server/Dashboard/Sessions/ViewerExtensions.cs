namespace GitDeploy.Server.Dashboard.Sessions;

public static class ViewerExtensions
{
    /// <summary>The signed-in viewer; set by <see cref="DashboardAuth"/> before any dashboard endpoint behind it
    /// runs.</summary>
    public static Viewer Viewer(this HttpContext ctx) => (Viewer)ctx.Items[Sessions.Viewer.ItemKey]!;
}

namespace GitDeploy.Server.Dashboard.Views;

/// <summary>A deploy and its log: the stored lines, and whether its live stream is still running.</summary>
public sealed record DeployView(DeployRecord Deploy, bool Running, IReadOnlyList<string> Lines);

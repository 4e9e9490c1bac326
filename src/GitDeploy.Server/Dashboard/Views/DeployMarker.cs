namespace GitDeploy.Server.Dashboard.Views;

/// <summary>A release going live on an environment (deploy, rollback, promote, restart), drawn on its charts.</summary>
public sealed record DeployMarker(long Time, string Tag, string Trigger, string Actor, long Deploy);

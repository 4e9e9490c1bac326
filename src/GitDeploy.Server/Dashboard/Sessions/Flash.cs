namespace GitDeploy.Server.Dashboard.Sessions;

/// <summary>What the last action did, shown once at the top of the next page.</summary>
public sealed record Flash(bool Ok, string Text);

namespace GitDeploy.Server.Api.Contracts;

/// <summary>One release with what it runs, where its build log is, and the deploys that made it live.</summary>
public sealed record ReleaseInfoView(
    ReleaseView Release, string? Runtime, string? Start, string BuildLog, IReadOnlyList<ReleaseDeployView> Deploys);

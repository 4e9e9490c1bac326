namespace GitDeploy.Server.Api.Contracts;

/// <summary>One release with what it runs, where its build log is, and the deploys that made it live.</summary>
public sealed record ReleaseInfoView(
    ReleaseView Release, string? Runtime, string? Start, string BuildLog, IReadOnlyList<ReleaseDeployView> Deploys);

/// <summary>A deploy of a release, as <see cref="ReleaseInfoView"/> lists it.</summary>
public sealed record ReleaseDeployView(
    long Id, string Env, string Trigger, string Actor, string Status, string StartedAt, string? FinishedAt);

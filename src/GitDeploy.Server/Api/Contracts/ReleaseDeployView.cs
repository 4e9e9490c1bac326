namespace GitDeploy.Server.Api.Contracts;

/// <summary>A deploy of a release, as <see cref="ReleaseInfoView"/> lists it.</summary>
public sealed record ReleaseDeployView(
    long Id, string Env, string Trigger, string Actor, string Status, string StartedAt, string? FinishedAt);

using System.Globalization;

namespace GitDeploy.Server.Api.Contracts;

/// <summary>A deploy as the API shows it and the CLI reads it.</summary>
public sealed record DeployView(
    long Id, string App, string Env, string Ref, string CommitSha, string Trigger, string Actor, string Status,
    string? Tag, string? Error, string StartedAt, string? FinishedAt, double? DurationSeconds, string Log)
{
    public static DeployView From(DeployRecord d) => new(
        d.Id, d.App, d.Env, d.Ref, d.CommitSha, d.Trigger, d.Actor, d.Status, d.Tag, d.Error, d.StartedAt,
        d.FinishedAt, d.FinishedAt is null ? null : Math.Round((Iso(d.FinishedAt) - Iso(d.StartedAt)).TotalSeconds, 2),
        $"/api/apps/{d.App}/deploys/{d.Id}/log");

    private static DateTimeOffset Iso(string t) => DateTimeOffset.Parse(t, CultureInfo.InvariantCulture);
}

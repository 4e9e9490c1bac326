namespace GitDeploy.Server.Api.Contracts;

/// <summary>A release as the API shows it and the CLI reads it.</summary>
public sealed record ReleaseView(
    string Tag, string Commit, string Message, string Actor, string Status, double BuildSeconds, string CreatedAt,
    bool Pinned, bool Pruned, string[] LiveOn)
{
    public static ReleaseView From(ReleaseRecord r, IEnumerable<(string Env, string? Tag)> live) => new(
        r.Tag, r.CommitSha, r.Message, r.Actor, r.Status, Math.Round(r.BuildSeconds, 2), r.CreatedAt, r.Pinned,
        r.Pruned, live.Where(l => l.Tag == r.Tag).Select(l => l.Env).ToArray());
}

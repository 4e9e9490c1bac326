using GitDeploy.Runtime.Metrics;

namespace GitDeploy.Server.Dashboard.Views;

/// <summary>One release on the timeline: how it was made, where it is live, and what it served there.</summary>
public sealed record ReleaseRow(
    ReleaseRecord Release, string? Trigger, IReadOnlyList<string> LiveOn,
    IReadOnlyList<KeyValuePair<string, ReleaseTraffic>> Traffic)
{
    public string Tag => Release.Tag;
    public bool LiveOnEnv(string env) => LiveOn.Contains(env);
}

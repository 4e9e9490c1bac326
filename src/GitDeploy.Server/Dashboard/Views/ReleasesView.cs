namespace GitDeploy.Server.Dashboard.Views;

/// <param name="Env">The environment "roll back to here" acts on.</param>
public sealed record ReleasesView(
    string App, string Env, IReadOnlyList<ReleaseRow> Rows, string? ProductionTag, string? StageTag)
{
    public string? LiveTag => Env == Environments.Stage ? StageTag : ProductionTag;
}

namespace GitDeploy.Server.Dashboard.Views;

public sealed record AppView(
    AppRecord App, string GitUrl, IReadOnlyList<EnvView> Envs, SourceView? Source,
    IReadOnlyList<HistoryRecord> History, IReadOnlyDictionary<string, string> Branches)
{
    public string Name => App.Name;
}

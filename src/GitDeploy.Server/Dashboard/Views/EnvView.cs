namespace GitDeploy.Server.Dashboard.Views;

/// <summary>One environment on the app page.</summary>
public sealed record EnvView(
    EnvSummary Summary, ReleaseRecord? Live, int Scale, IReadOnlyList<DomainRecord> Domains,
    IReadOnlyList<ConfigVar> Config, DeployRecord? LastDeploy)
{
    public string Env => Summary.Env;
}

namespace GitDeploy.Server.Dashboard.Views;

/// <summary>One row of the overview.</summary>
public sealed record AppSummary(string Name, IReadOnlyList<EnvSummary> Envs, DeployRecord? LastDeploy)
{
    public bool LastDeployFailed => LastDeploy?.Status == DeployStatus.Failed;

    public bool Failing => LastDeployFailed || Envs.Any(e => e.Health is Health.Failing or Health.Degraded);

    public string? Problem => Envs.Select(e => e.Problem).FirstOrDefault(p => p is not null)
        ?? (LastDeployFailed ? $"deploy #{LastDeploy!.Id} failed" + (LastDeploy.Error is { } e ? ": " + e : "") : null);

    /// <summary>Failing apps first, the worst environment first, then by name.</summary>
    public (int, int, string) SortKey => (Failing ? 0 : 1, Envs.Min(e => Health.Rank(e.Health)), Name);
}

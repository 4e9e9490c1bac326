using GitDeploy.Runtime.Supervisor;

namespace GitDeploy.Server.Dashboard.Views;

/// <summary>One environment of an app at a glance: live release, instances, and a <see cref="Views.Health"/>
/// word.</summary>
public sealed record EnvSummary(string Env, string? LiveTag, IReadOnlyList<InstanceStatus> Instances)
{
    public string Health { get; } = Views.Health.Of(LiveTag, Instances);
    public int Healthy => Instances.Count(i => i.State == "healthy");
    public int Total => Instances.Count(i => i.State != "draining");

    /// <summary>What is wrong, in words, or null.</summary>
    public string? Problem => Instances.Where(i => Views.Health.IsBad(i.State)).Select(i =>
        $"{Env} {i.Name} {i.State}{(i.LastExit is null ? "" : $" (last exit: {i.LastExit})")}").FirstOrDefault()
        ?? (Health == Views.Health.Failing ? $"{Env} has no running instance" : null);
}

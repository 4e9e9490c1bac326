using GitDeploy.Runtime.Supervisor;

namespace GitDeploy.Server.Dashboard.Views;

/// <summary>How an environment is doing, in one word a badge can show, from its instances' states.</summary>
public static class Health
{
    public const string Healthy = "healthy";
    public const string Starting = "starting";
    public const string Degraded = "degraded";
    public const string Failing = "failing";
    public const string NoRelease = "no-release";

    private static readonly string[] Bad = ["crashed", "backing-off", "unhealthy"];

    public static bool IsBad(string instanceState) => Bad.Contains(instanceState);

    public static string Of(string? liveTag, IReadOnlyList<InstanceStatus> instances)
    {
        var current = instances.Where(i => i.State != "draining").ToList();
        if (current.Count == 0) return liveTag is null ? NoRelease : Failing;
        var healthy = current.Count(i => i.State == "healthy");
        if (current.Any(i => IsBad(i.State))) return healthy == 0 ? Failing : Degraded;
        return healthy == current.Count ? Healthy : Starting;
    }

    /// <summary>Worst first, for sorting.</summary>
    public static int Rank(string health) => health switch
    {
        Failing => 0, Degraded => 1, Starting => 2, Healthy => 3, _ => 4,
    };
}

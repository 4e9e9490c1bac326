namespace GitDeploy.Swarm;

/// <summary>
/// Host ports for instances: each rollout of an environment gets a block of
/// <see cref="SwarmOptions.PortBlock"/> ports (instance N listens on base + N), never one that a
/// live or previous spec of any GitDeploy service holds, so a start-first update's new tasks never
/// meet the old ones' ports on a node, and a rollback to the previous spec finds its ports free.
/// </summary>
public static class PortBlocks
{
    /// <summary>The lowest free block's base, or null when the range is full.</summary>
    public static int? Next(int from, int to, IReadOnlySet<int> used)
    {
        for (var b = from; b + SwarmOptions.PortBlock - 1 <= to; b += SwarmOptions.PortBlock)
            if (!used.Contains(b)) return b;
        return null;
    }
}

namespace GitDeploy.Deploys.Queue;

public static class DeployTriggers
{
    /// <summary>The word stored in the deploy record and shown by <c>gitdeploy deploys</c>.</summary>
    public static string Name(this DeployTrigger trigger) => trigger.ToString().ToLowerInvariant();
}

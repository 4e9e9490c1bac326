namespace GitDeploy.Deploys.Queue;

/// <summary>What started a deploy; stored and shown by its <see cref="DeployTriggers.Name"/>.</summary>
public enum DeployTrigger { Push, Webhook, Api, Rollback, Promote, Restart }

public static class DeployTriggers
{
    /// <summary>The word stored in the deploy record and shown by <c>gitdeploy deploys</c>.</summary>
    public static string Name(this DeployTrigger trigger) => trigger.ToString().ToLowerInvariant();
}

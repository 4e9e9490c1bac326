namespace GitDeploy.Deploys.Queue;

/// <summary>What started a deploy; stored and shown by its <see cref="DeployTriggers.Name"/>.</summary>
public enum DeployTrigger { Push, Webhook, Api, Rollback, Promote, Restart }

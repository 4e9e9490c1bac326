namespace GitDeploy.Deploys.Webhooks;

/// <summary>What became of a delivery: the deploy that will build it, or the live tag it already is.</summary>
public sealed record Submitted(SubmitOutcome Outcome, long? DeployId = null, string? LiveTag = null);

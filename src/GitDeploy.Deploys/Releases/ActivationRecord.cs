namespace GitDeploy.Deploys.Releases;

/// <summary>The history entry an activation leaves: its kind (deploy, rollback …), what, and who.</summary>
public sealed record ActivationRecord(string Kind, string Detail, string Actor);

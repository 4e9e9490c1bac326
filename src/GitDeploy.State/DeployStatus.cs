namespace GitDeploy.State;

public static class DeployStatus
{
    public const string Queued = "queued";
    public const string Building = "building";
    public const string Deploying = "deploying";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

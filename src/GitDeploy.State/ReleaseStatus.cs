namespace GitDeploy.State;

public static class ReleaseStatus
{
    public const string Built = "built";
    public const string Deployed = "deployed";
    public const string FailedToStart = "failed-to-start";
}

namespace GitDeploy.State;

public static class Environments
{
    public const string Production = "production";
    public const string Stage = "stage";
    public static readonly IReadOnlyList<string> All = [Production, Stage];
}

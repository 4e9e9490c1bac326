namespace GitDeploy.Deploys.Releases;

/// <summary>The outcome of a rollback, promote or restart.</summary>
public sealed record OperationResult(
    bool Ok, OperationFailure Failure, string Message, string? Tag = null, long? DeployId = null,
    IReadOnlyList<string>? Events = null)
{
    public static OperationResult Fail(OperationFailure failure, string message) => new(false, failure, message);
}

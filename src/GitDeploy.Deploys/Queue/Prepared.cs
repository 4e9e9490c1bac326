namespace GitDeploy.Deploys.Queue;

/// <summary>What <see cref="DeployRequest.Prepare"/> decided: build a commit, nothing to do, or fail (the message says
/// why).</summary>
public sealed record Prepared(string? Commit, string? NothingToDo = null, string? Error = null)
{
    public static Prepared Build(string commit) => new(commit);
    public static Prepared UpToDate(string why) => new(null, NothingToDo: why);
    public static Prepared Failed(string error) => new(null, Error: error);
}

namespace GitDeploy.Deploys.Queue;

public sealed record DeployRequest
{
    public required string App { get; init; }
    public required string Env { get; init; }
    public required string Ref { get; init; }
    public required string Commit { get; init; }
    public required DeployTrigger Trigger { get; init; }
    public required string Actor { get; init; }
    public bool PrintBuildLogs { get; init; }
    public bool NoCache { get; init; }
    /// <summary>
    /// A strict push's deploy, run from the pre-receive hook before the branch moves: the commit may be
    /// only in the push's <see cref="Quarantine"/>, and the release's git tag waits for the branch.
    /// </summary>
    public bool Strict { get; init; }
    public Git.Repos.Quarantine? Quarantine { get; init; }
    /// <summary>
    /// Runs first, once the deploy has its turn in the app's queue, and says which commit to build
    /// (webhooks: fetch it from the source repository). Null: <see cref="Commit"/> is in the repo already.
    /// </summary>
    public Func<DeployLog, Task<Prepared>>? Prepare { get; init; }
}

namespace GitDeploy.Deploys.Queue;

public sealed record DeployRequest
{
    public required string App { get; init; }
    public required string Env { get; init; }
    public required string Ref { get; init; }
    public required string Commit { get; init; }
    /// <summary>push, webhook, api …</summary>
    public required string Trigger { get; init; }
    public required string Actor { get; init; }
    public bool PrintBuildLogs { get; init; }
    public bool NoCache { get; init; }
}

/// <summary>A deploy under way: its id, its live log, and its end.</summary>
public sealed record DeployHandle(long Id, DeployLog Log, Task<bool> Completion);

/// <summary>Which branch deploys to which environment (SPEC §5: main/master → production, stage → stage).</summary>
public static class BranchMap
{
    public static readonly IReadOnlyDictionary<string, string> Default = new Dictionary<string, string>
    {
        ["main"] = State.Environments.Production,
        ["master"] = State.Environments.Production,
        ["stage"] = State.Environments.Stage,
    };

    public static string Describe() => string.Join(", ", Default.Select(kv => $"{kv.Key} → {kv.Value}"));
}

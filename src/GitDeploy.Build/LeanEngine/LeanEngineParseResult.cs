namespace GitDeploy.Build.LeanEngine;

/// <summary>The outcome of reading leanengine.yaml: a config, or the errors that say what to fix.</summary>
public sealed record LeanEngineParseResult(
    LeanEngineConfig? Config,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings
)
{
    public bool Ok => Errors.Count == 0 && Config is not null;
}

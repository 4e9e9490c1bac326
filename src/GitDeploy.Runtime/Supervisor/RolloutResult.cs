namespace GitDeploy.Runtime.Supervisor;

public sealed record RolloutResult(bool Ok, string Message, IReadOnlyList<string> LogTail);

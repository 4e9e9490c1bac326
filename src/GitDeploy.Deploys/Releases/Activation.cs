namespace GitDeploy.Deploys.Releases;

/// <summary>How an activation ended; on failure, <see cref="Message"/> already says what keeps serving.</summary>
public sealed record Activation(bool Ok, string Message, IReadOnlyList<string> LogTail);

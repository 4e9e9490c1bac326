namespace GitDeploy.Deploys.Webhooks;

/// <summary>A fetch's outcome: the branch's head at the source, or an error that says what went wrong and what to
/// do.</summary>
public sealed record FetchResult(string? Head, string? Error);

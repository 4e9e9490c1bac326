namespace GitDeploy.Git.GitHttp;

/// <summary>Why an inflated body was cut off: the HTTP status and message to answer with.</summary>
internal sealed record InflateFailure(int Status, string Message);

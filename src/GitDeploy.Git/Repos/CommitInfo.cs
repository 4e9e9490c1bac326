namespace GitDeploy.Git.Repos;

public sealed record CommitInfo(string Sha, string Message, string Author);

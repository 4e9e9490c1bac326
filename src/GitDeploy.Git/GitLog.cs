using Microsoft.Extensions.Logging;

namespace GitDeploy.Git;

/// <summary>The git endpoint's own events (ids 1000–1099), source-generated.</summary>
internal static partial class GitLog
{
    [LoggerMessage(1001, LogLevel.Information, "client went away during {Service} on {Repo}; git was stopped")]
    public static partial void ClientGone(this ILogger log, string service, string repo);

    [LoggerMessage(1002, LogLevel.Information, "{Service} on {Repo}: {Failure}")]
    public static partial void ServiceFailed(this ILogger log, string service, string repo, string failure);

    [LoggerMessage(1003, LogLevel.Warning, "{Message}")]
    public static partial void DiskFull(this ILogger log, string message);
}

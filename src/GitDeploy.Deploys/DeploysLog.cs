using Microsoft.Extensions.Logging;

namespace GitDeploy.Deploys;

/// <summary>The deploys' own events (ids 2000–2099), source-generated.</summary>
internal static partial class DeploysLog
{
    [LoggerMessage(2001, LogLevel.Error, "deploy #{Id} of {App} failed: {Message}")]
    public static partial void DeployCrashed(this ILogger log, Exception e, long id, string app, string message);

    [LoggerMessage(2002, LogLevel.Error, "cannot restore {App}/{Env}: release {Tag} is missing")]
    public static partial void RestoreMissing(this ILogger log, string app, string env, string tag);

    [LoggerMessage(2003, LogLevel.Information, "{App}/{Env}: {Line}")]
    public static partial void RestoreProgress(this ILogger log, string app, string env, string line);

    [LoggerMessage(2004, LogLevel.Error, "could not restore {App}/{Env} on {Tag}: {Message}")]
    public static partial void RestoreFailed(this ILogger log, string app, string env, string tag, string? message);

    [LoggerMessage(2005, LogLevel.Information, "pruned {Count} releases of {App}: {Tags}")]
    public static partial void ReleasesPruned(this ILogger log, int count, string app, string tags);

    [LoggerMessage(2006, LogLevel.Information, "deleted cached environment {Dir}: no retained release uses it")]
    public static partial void EnvironmentDeleted(this ILogger log, string dir);

    [LoggerMessage(2007, LogLevel.Information,
        "{Provider} push of {Branch} {Commit} to {App} (delivery {Delivery}): {Outcome}")]
    public static partial void WebhookPush(
        this ILogger log, string provider, string branch, string? commit, string app, string delivery, string outcome);

    [LoggerMessage(2008, LogLevel.Warning, "fetch of {App} from {Url} failed: {Error}")]
    public static partial void FetchFailed(this ILogger log, string app, string url, string error);
}

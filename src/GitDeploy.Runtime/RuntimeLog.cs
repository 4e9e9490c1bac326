using Microsoft.Extensions.Logging;

namespace GitDeploy.Runtime;

/// <summary>The supervisor's own events (ids 3000–3099), source-generated.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(3001, LogLevel.Information, "started {Name} of {App}/{Env} {Tag}: pid {Pid}, port {Port}")]
    public static partial void InstanceStarted(
        this ILogger log,
        string name,
        string app,
        string env,
        string tag,
        int pid,
        int port
    );

    [LoggerMessage(3002, LogLevel.Warning, "{Name} of {App}/{Env} {Tag} failed its startup check: {Detail}")]
    public static partial void StartupCheckFailed(
        this ILogger log,
        string name,
        string app,
        string env,
        string tag,
        string detail
    );

    [LoggerMessage(3003, LogLevel.Information, "stopped {Name} of {App}/{Env} (pid {Pid}, {Exit})")]
    public static partial void InstanceStopped(
        this ILogger log,
        string name,
        string app,
        string env,
        int pid,
        string exit
    );

    [LoggerMessage(3004, LogLevel.Information, "{App}/{Env}: {Text}")]
    public static partial void InstanceEvent(this ILogger log, string app, string env, string text);

    [LoggerMessage(
        3005,
        LogLevel.Warning,
        "stopping orphaned instance {Name} of {App}/{Env} (pid {Pid}) left by a previous server"
    )]
    public static partial void OrphanStopped(this ILogger log, string name, string app, string env, int pid);
}

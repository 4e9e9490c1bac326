using System.Collections.Concurrent;
using Serilog;
using Serilog.Core;

namespace GitDeploy.Runtime.Logs;

/// <summary>
/// Per-app log files (logs/APP/app-DATE.log through Serilog.Sinks.File, rolled daily, 7 kept) and
/// the last lines of each instance kept in memory for failure messages. Each line is
/// <c>instance time [err] text</c>, cut at 4096 characters.
/// </summary>
public sealed class AppLogs(string root) : IDisposable
{
    public const int MaxLineLength = 4096;
    private readonly ConcurrentDictionary<string, Logger> _loggers = new();

    public string DirFor(string app) => Path.Combine(root, app);

    public void Write(string app, string instance, string line, bool stderr = false)
    {
        if (line.Length > MaxLineLength) line = line[..MaxLineLength];
        var logger = _loggers.GetOrAdd(app, a => new LoggerConfiguration()
            .WriteTo.File(Path.Combine(DirFor(a), "app-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 7,
                outputTemplate: "{Message:l}{NewLine}", shared: false)
            .CreateLogger());
        var time = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
        logger.Information("{Line}", $"{instance} {time} {(stderr ? "[err] " : "")}{line}");
    }

    public void Close(string app)
    {
        if (_loggers.TryRemove(app, out var l)) l.Dispose();
    }

    public void Dispose()
    {
        foreach (var l in _loggers.Values) l.Dispose();
        _loggers.Clear();
    }
}

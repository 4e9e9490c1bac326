using System.Collections.Concurrent;
using System.Threading.Channels;
using Serilog;
using Serilog.Core;

namespace GitDeploy.Runtime.Logs;

/// <summary>
/// The apps' logs: per app, rolling files <c>logs/apps/APP/app-DATE.log</c> written through
/// Serilog.Sinks.File (daily, 7 files kept, each flushed as written), live followers, and the
/// per-instance rate limit. Lines are cut at 4096 characters.
/// </summary>
public sealed class AppLogs : IDisposable
{
    public const int LinesPerMinute = 600;

    private readonly string _root;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, Logger> _files = new();
    private readonly ConcurrentDictionary<string, LineRateLimiter> _limiters = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<LogLine>, LogFilter>> _followers = new();
    private readonly ITimer _flusher;

    public AppLogs(string root, TimeProvider clock)
    {
        _root = root;
        _clock = clock;
        _flusher = clock.CreateTimer(_ => FlushDropped(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
    }

    public string DirFor(string app) => Path.Combine(_root, app);

    /// <summary>A line the app printed, subject to the rate limit of its instance.</summary>
    public void App(string app, string env, string instance, string instanceId, string text, bool stderr)
    {
        var limiter = _limiters.GetOrAdd(
            $"{app}\n{instanceId}",
            _ => new LineRateLimiter(LinesPerMinute, TimeSpan.FromMinutes(1), _clock)
        );
        var (keep, dropped, firstDrop) = limiter.Offer();
        if (dropped > 0)
            ReportDropped(app, env, instance, dropped);
        if (firstDrop)
            Platform(
                app,
                env,
                instance,
                $"log limit of {LinesPerMinute} lines a minute reached: lines "
                    + $"are dropped until {limiter.WindowEnd.UtcDateTime:HH:mm:ss}Z, "
                    + "then counted"
            );
        if (keep)
            Write(
                app,
                new LogLine(
                    _clock.GetUtcNow(),
                    env,
                    instance,
                    stderr ? LogStream.Err : LogStream.Out,
                    LogLine.Cut(text)
                )
            );
    }

    /// <summary>An event of the platform about an instance: deploys, health, restarts. Never rate-limited.</summary>
    public void Platform(string app, string env, string instance, string text) =>
        Write(app, new LogLine(_clock.GetUtcNow(), env, instance, LogStream.Platform, LogLine.Cut(text)));

    public void ForgetInstance(string app, string env, string instance, string instanceId)
    {
        if (_limiters.TryRemove($"{app}\n{instanceId}", out var l) && l.Flush() is > 0 and var d)
            ReportDropped(app, env, instance, d);
    }

    private void ReportDropped(string app, string env, string instance, int dropped) =>
        Platform(app, env, instance, $"{dropped} lines dropped: over the limit of {LinesPerMinute} lines a minute");

    private void FlushDropped()
    {
        foreach (var (key, limiter) in _limiters)
        {
            var dropped = limiter.Flush();
            if (dropped == 0)
                continue;
            ReportDropped(key[..key.IndexOf('\n')], "-", "-", dropped);
        }
    }

    private void Write(string app, LogLine line)
    {
        var file = _files.GetOrAdd(
            app,
            a =>
                new LoggerConfiguration()
                    .WriteTo.File(
                        Path.Combine(DirFor(a), "app-.log"),
                        rollingInterval: RollingInterval.Day,
                        retainedFileCountLimit: 7,
                        fileSizeLimitBytes: 100L * 1024 * 1024,
                        rollOnFileSizeLimit: true,
                        outputTemplate: "{Message:l}{NewLine}"
                    )
                    .CreateLogger()
        );
        file.Information("{Line}", line.Serialize());
        if (_followers.TryGetValue(app, out var followers))
            foreach (var (channel, filter) in followers)
                if (filter.Matches(line))
                    channel.Writer.TryWrite(line);
    }

    /// <summary>The last <paramref name="n"/> matching lines from the files, oldest first.</summary>
    public IReadOnlyList<LogLine> Tail(string app, int n, LogFilter filter)
    {
        var dir = DirFor(app);
        if (!Directory.Exists(dir) || n <= 0)
            return [];
        var result = new List<LogLine>();
        foreach (var file in Directory.EnumerateFiles(dir, "app-*.log").OrderDescending(StringComparer.Ordinal))
        {
            using var stream = new FileStream(
                file,
                FileMode.Open,
                FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete
            );
            using var reader = new StreamReader(stream);
            var lines = new List<LogLine>();
            while (reader.ReadLine() is { } raw)
                if (LogLine.Parse(raw) is { } l && filter.Matches(l))
                    lines.Add(l);
            result.InsertRange(0, lines.TakeLast(n - result.Count));
            if (result.Count >= n)
                break;
        }
        return result;
    }

    /// <summary>Registers a live reader at once (so nothing written from now on is missed); dispose it to
    /// stop.</summary>
    public LogSubscription Subscribe(string app, LogFilter filter)
    {
        var channel = Channel.CreateBounded<LogLine>(
            new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest }
        );
        var followers = _followers.GetOrAdd(app, _ => new());
        followers[channel] = filter;
        return new LogSubscription(channel.Reader, () => followers.TryRemove(channel, out _));
    }

    public void Close(string app)
    {
        if (_files.TryRemove(app, out var l))
            l.Dispose();
    }

    public void Dispose()
    {
        _flusher.Dispose();
        foreach (var l in _files.Values)
            l.Dispose();
        _files.Clear();
    }
}

using GitDeploy.Runtime.Logs;
using GitDeploy.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace GitDeploy.Tests.Runtime;

public class LogLimitTests
{
    [Fact]
    public void RateLimiter_Keeps600AMinute_ThenCountsTheDroppedOnesOnce()
    {
        var clock = new FakeTimeProvider();
        var limiter = new LineRateLimiter(600, TimeSpan.FromMinutes(1), clock);
        var results = Enumerable.Range(0, 750).Select(_ => limiter.Offer()).ToList();

        Assert.Equal(600, results.Count(r => r.Keep));
        Assert.Single(results, r => r.FirstDrop);
        Assert.False(results[599].FirstDrop);
        Assert.True(results[600].FirstDrop);
        Assert.Equal(0, limiter.Flush());

        clock.Advance(TimeSpan.FromSeconds(61));
        var next = limiter.Offer();
        Assert.True(next.Keep);
        Assert.Equal(150, next.DroppedBefore);
        Assert.Equal(0, limiter.Flush());
    }

    [Fact]
    public void RateLimiter_QuietAfterABurst_ReportsOnFlush()
    {
        var clock = new FakeTimeProvider();
        var limiter = new LineRateLimiter(2, TimeSpan.FromMinutes(1), clock);
        for (var i = 0; i < 5; i++)
            limiter.Offer();
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(3, limiter.Flush());
        Assert.Equal(0, limiter.Flush());
    }

    [Fact]
    public void AppLogs_CutLongLines_AndDropOverTheLimitWithAMessage()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var root = TestEnvironment.TempDir("gd-logs");
        using var logs = new AppLogs(root, clock);
        logs.App("a", "production", "web1", "id1", new string('x', 5000), stderr: true);
        for (var i = 0; i < 700; i++)
            logs.App("a", "production", "web1", "id1", $"line {i}", stderr: false);
        clock.Advance(TimeSpan.FromMinutes(1.5));
        logs.App("a", "production", "web1", "id1", "after the window", stderr: false);
        logs.Close("a");

        var all = logs.Tail("a", 10_000, new LogFilter());
        var first = all[0];
        Assert.Equal(LogStream.Err, first.Stream);
        Assert.Equal(4096, first.Text.Length);
        Assert.Equal(600 + 1, all.Count(l => l.Stream != LogStream.Platform)); // the first window, then one line
        Assert.Contains(
            all,
            l => l.Stream == LogStream.Platform && l.Text.StartsWith("log limit of 600 lines a minute reached")
        );
        Assert.Contains(
            all,
            l => l.Stream == LogStream.Platform && l.Text == "101 lines dropped: over the limit of 600 lines a minute"
        );
        Assert.Equal("after the window", all[^1].Text);
        Assert.Equal("web1 2026-01-01T00:00:00.000Z [err] " + new string('x', 4096), first.Display());
    }

    [Fact]
    public void LogLine_RoundTripsThroughItsStoredForm()
    {
        var line = new LogLine(
            DateTimeOffset.Parse("2026-11-26T06:00:00.123Z"),
            "stage",
            "web2",
            LogStream.Out,
            "hello\tworld"
        );
        var stored = new LogLine(line.Time, line.Env, line.Instance, line.Stream, LogLine.Cut(line.Text)).Serialize();
        Assert.Equal(line with { Text = "hello world" }, LogLine.Parse(stored));
    }
}

using GitDeploy.Runtime.Supervisor;
using Microsoft.Extensions.Time.Testing;

namespace GitDeploy.Tests.Runtime;

/// <summary>The health-check policy on a fake clock: one probe per interval, unhealthy after N failures in a
/// row.</summary>
public class HealthWatchTests
{
    private static readonly SupervisorOptions Options = new()
    {
        HealthInterval = TimeSpan.FromSeconds(10), HealthFailures = 3,
    };

    [Fact(Timeout = 10_000)]
    public async Task ProbesOncePerInterval_AndFailsAfterThreeFailuresInARow_ASuccessResettingTheCount()
    {
        var clock = new FakeTimeProvider();
        var start = clock.GetUtcNow();
        var answers = new Queue<bool>([false, false, true, false, false, false]);
        var probedAt = new List<double>();
        var failures = new List<int>();
        var watch = HealthWatch.RunAsync(_ =>
        {
            probedAt.Add((clock.GetUtcNow() - start).TotalSeconds);
            return Task.FromResult((answers.Dequeue(), "GET / answered 500"));
        }, new TaskCompletionSource().Task, Options, clock, (n, _) => failures.Add(n), CancellationToken.None);

        // Fake time moves a second at a time; the watch's own timer says when it probes.
        for (var s = 0; s < 120 && !watch.IsCompleted; s++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        Assert.Equal("(GET / answered 500, 3 times in a row)", await watch);
        Assert.Equal(6, probedAt.Count);
        var gaps = probedAt.Zip(probedAt.Skip(1), (a, b) => b - a).Prepend(probedAt[0]).ToList();
        Assert.All(gaps, g => Assert.InRange(g, 10, 11)); // one probe per interval (fake seconds)
        Assert.Equal([1, 2, 1, 2, 3], failures); // the success reset the count
    }

    [Fact(Timeout = 10_000)]
    public async Task AnExit_EndsTheWatchWithoutWaitingForTheInterval()
    {
        var clock = new FakeTimeProvider();
        var exited = new TaskCompletionSource();
        var watch = HealthWatch.RunAsync(_ => Task.FromResult((true, "")), exited.Task, Options, clock, (_, _) => { },
            CancellationToken.None);
        exited.SetResult();
        Assert.Equal("exited", await watch);
    }
}

using GitDeploy.Runtime.Supervisor;
using Microsoft.Extensions.Time.Testing;

namespace GitDeploy.Tests.Runtime;

public class BackoffTests
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    [Fact]
    public void CrashLoop_RestartsAtOnceThenDoublesFromOneSecondToTheCap()
    {
        var clock = new FakeTimeProvider();
        var b = new Backoff(S, 60 * S, 60 * S);
        var delays = Enumerable
            .Range(0, 10)
            .Select(_ =>
            {
                var d = b.Next(clock.GetUtcNow(), null);
                clock.Advance(d);
                return d.TotalSeconds;
            })
            .ToList();
        Assert.Equal([0, 1, 2, 4, 8, 16, 32, 60, 60, 60], delays);
    }

    [Fact]
    public void AFailureAfterALongHealthyRun_IsRestartedAtOnceAgain()
    {
        var clock = new FakeTimeProvider();
        var b = new Backoff(S, 60 * S, 60 * S);
        for (var i = 0; i < 5; i++)
            b.Next(clock.GetUtcNow(), null);
        var healthySince = clock.GetUtcNow();

        clock.Advance(59 * S);
        Assert.Equal(16 * S, b.Next(clock.GetUtcNow(), healthySince)); // not healthy long enough

        healthySince = clock.GetUtcNow();
        clock.Advance(61 * S);
        Assert.Equal(TimeSpan.Zero, b.Next(clock.GetUtcNow(), healthySince));
        Assert.Equal(S, b.Next(clock.GetUtcNow(), null));
        Assert.Equal(2 * S, b.Next(clock.GetUtcNow(), null));
    }
}

using GitDeploy.Server.Acme;
using GitDeploy.State;
using Microsoft.Extensions.Time.Testing;

namespace GitDeploy.Tests.Acme;

public class RenewalScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DomainCertificate State(DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null,
        int failures = 0, DateTimeOffset? retryAt = null) =>
        new("a.test", null, notBefore, notAfter, notBefore, null, null, failures, retryAt);

    [Fact]
    public void ADomainWithoutCertificate_IsDueAtOnce_UnlessItsLastFailureSaysLater()
    {
        var clock = new FakeTimeProvider(T0);
        Assert.Equal(T0, RenewalSchedule.NextAttempt(null, clock.GetUtcNow()));
        Assert.Equal(T0, RenewalSchedule.NextAttempt(State(), clock.GetUtcNow()));
        Assert.Equal(T0.AddMinutes(5), RenewalSchedule.NextAttempt(State(failures: 1, retryAt: T0.AddMinutes(5)),
            clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.True(RenewalSchedule.NextAttempt(State(failures: 1, retryAt: T0.AddMinutes(5)),
            clock.GetUtcNow()) <= clock.GetUtcNow());
    }

    [Fact]
    public void ACertificate_IsRenewedWhenLessThanAThirdOfItsLifeIsLeft()
    {
        Assert.Equal(T0.AddDays(60), RenewalSchedule.NextAttempt(State(T0, T0.AddDays(90)), T0));
        Assert.Equal(T0.AddSeconds(30), RenewalSchedule.NextAttempt(State(T0, T0.AddSeconds(45)), T0));
        // A failed renewal waits for its retry; the certificate in place serves meanwhile.
        var retry = T0.AddDays(60).AddMinutes(10);
        Assert.Equal(retry, RenewalSchedule.NextAttempt(State(T0, T0.AddDays(90), 2, retry), T0.AddDays(60)));
    }

    [Fact]
    public void RetryDelay_DoublesFromTheFirstToTheCap()
    {
        var delays = Enumerable.Range(1, 10)
            .Select(n => RenewalSchedule.RetryDelay(n, TimeSpan.FromMinutes(5), TimeSpan.FromHours(6)).TotalMinutes);
        Assert.Equal([5, 10, 20, 40, 80, 160, 320, 360, 360, 360], delays);
        Assert.Equal(TimeSpan.FromHours(6), RenewalSchedule.RetryDelay(int.MaxValue, TimeSpan.FromMinutes(5),
            TimeSpan.FromHours(6)));
    }
}

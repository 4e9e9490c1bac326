namespace GitDeploy.Server.Acme;

/// <summary>
/// When a domain's next attempt is due: at once while it has no certificate; a certificate is renewed
/// once less than a third of its life is left (Let's Encrypt's 90 days: 30 days before it expires);
/// after a failure, not before the back-off says (<see cref="RetryDelay"/>).
/// </summary>
public static class RenewalSchedule
{
    public static DateTimeOffset RenewAt(DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        notAfter - (notAfter - notBefore) / 3;

    public static DateTimeOffset NextAttempt(DomainCertificate? state, DateTimeOffset now)
    {
        var due = state is { NotBefore: { } from, NotAfter: { } to } ? RenewAt(from, to) : now;
        return state?.RetryAt is { } retry && retry > due ? retry : due;
    }

    /// <summary>The wait after the <paramref name="failures"/>-th failure in a row: initial, doubled, capped.</summary>
    public static TimeSpan RetryDelay(int failures, TimeSpan initial, TimeSpan cap)
    {
        var doublings = Math.Clamp(failures - 1, 0, 20);
        var delay = initial * Math.Pow(2, doublings);
        return delay < cap ? delay : cap;
    }
}

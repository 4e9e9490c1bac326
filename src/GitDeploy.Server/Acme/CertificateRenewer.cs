using Microsoft.Extensions.Logging;

namespace GitDeploy.Server.Acme;

/// <summary>
/// The loop that obtains and renews automatic certificates, one attempt at a time, each when
/// <see cref="RenewalSchedule"/> says it is due; between them it sleeps on the injected
/// <see cref="TimeProvider"/> until the next one is due or a domain changes (<see cref="Wake"/>).
/// The certificate in place keeps serving while its successor is obtained.
/// </summary>
public sealed class CertificateRenewer(
    AcmeCertificates certificates, ICertificateIssuer issuer, DomainStore domains, DomainCertificateStore states,
    TimeProvider time, ILogger<CertificateRenewer> log) : IAsyncDisposable
{
    /// <summary>The longest sleep: the schedule is looked at again at least this often.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);
    private static readonly TimeSpan AfterUnexpectedError = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _gate = new();
    private (string Domain, CancellationTokenSource Run)? _current;
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;

    private long _waits;

    /// <summary>What the loop waits for while it sleeps, null while it works: tests read it to see it idle.</summary>
    public RenewalWait? Sleeping { get; private set; }

    public void Start(CancellationToken stopping)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var token = _stop.Token;
        _loop = Task.Run(() => RunAsync(token), CancellationToken.None);
    }

    /// <summary>Stops the loop and waits for it: a running lego is killed first.</summary>
    public async Task StopAsync()
    {
        if (_stop is null) return;
        await _stop.CancelAsync();
        await _loop;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>The domain is (again) automatic: an attempt now, unless its certificate is not due yet.</summary>
    public void Enable(string domain)
    {
        states.ClearRetry(domain);
        Wake();
    }

    /// <summary>The domain was removed or left automatic: its attempt is stopped, its certificate forgotten.</summary>
    public void Forget(string domain)
    {
        lock (_gate)
            if (_current is { } c && c.Domain == domain) c.Run.Cancel();
        certificates.Forget(domain);
        Wake();
    }

    public void Wake()
    {
        try { _wake.Release(); }
        catch (SemaphoreFullException) { } // already woken
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TimeSpan wait;
            var now = time.GetUtcNow();
            (string? Domain, DateTimeOffset? Due) next = (null, null);
            try
            {
                next = Earliest(now);
                if (next is { Domain: { } domain, Due: { } at } && at <= now)
                {
                    await AttemptAsync(domain, stop);
                    continue;
                }
                wait = next.Due is not { } when || when - now > LongestWait ? LongestWait : when - now;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                log.LogError(e, "the certificate renewals failed unexpectedly; they go on in {Wait}",
                    AfterUnexpectedError);
                wait = AfterUnexpectedError;
            }
            catch (Exception)
            {
                return; // stopping
            }
            await WaitAsync(wait, next.Domain, next.Due, now, stop);
        }
    }

    /// <summary>The automatic domain whose attempt is due first (the first by name among equals), and when.</summary>
    private (string? Domain, DateTimeOffset? Due) Earliest(DateTimeOffset now)
    {
        (string? Domain, DateTimeOffset? Due) earliest = (null, null);
        foreach (var d in domains.ListAuto())
        {
            var at = RenewalSchedule.NextAttempt(states.Find(d.Domain), now);
            if (earliest.Due is null || at < earliest.Due) earliest = (d.Domain, at);
        }
        return earliest;
    }

    private async Task AttemptAsync(string domain, CancellationToken stop)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stop);
        lock (_gate) _current = (domain, run);
        try
        {
            log.LogInformation("obtaining a certificate for {Domain}", domain);
            var result = await issuer.IssueAsync(domain, run.Token);
            if (result.Error is null) certificates.Install(domain, result);
            else certificates.Fail(domain, result.Error);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            log.LogInformation("the attempt for {Domain} was stopped: the domain was removed or left automatic HTTPS",
                domain);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "the attempt for {Domain} failed unexpectedly", domain);
            certificates.Fail(domain, $"the attempt failed unexpectedly: {e.Message}");
        }
        finally
        {
            lock (_gate) _current = null;
        }
    }

    private async Task WaitAsync(TimeSpan wait, string? domain, DateTimeOffset? at, DateTimeOffset now,
        CancellationToken stop)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var woken = _wake.WaitAsync(either.Token);
        var due = Task.Delay(wait, time, either.Token);
        // Said only once the timer runs and no wake is pending: a clock moved from now on wakes the loop.
        var number = Interlocked.Increment(ref _waits);
        if (!woken.IsCompleted && !due.IsCompleted) Sleeping = new RenewalWait(number, domain, at, now);
        await Task.WhenAny(woken, due);
        Sleeping = null;
        await either.CancelAsync();
    }
}

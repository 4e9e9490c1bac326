namespace GitDeploy.Runtime.Supervisor;

/// <summary>
/// Cloud Engine's startup check: every interval until the timeout, <c>GET /__engine/1/ping</c>;
/// when that is not 2xx, <c>GET /</c> (not in strict functions mode). 2xx passes. A process that
/// exits fails at once. Once it passes, the SDK's cloud-function list is read as Cloud Engine does
/// (<see cref="FunctionsProbe"/>): fatal only with functionsMode: strict.
/// </summary>
public sealed class StartupCheck(HttpClient http, TimeProvider clock)
{
    public sealed record Outcome(bool Passed, string Detail);

    public async Task<Outcome> WaitAsync(Instance instance, TimeSpan interval, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + instance.Spec.StartupTimeout;
        var last = "no answer yet";
        for (var attempt = 0; ; attempt++)
        {
            if (instance.Exited.IsCompleted)
                return new(false, $"the process exited (code {instance.ExitCode}) before it answered HTTP");
            var (ok, detail) = await ProbeAsync(instance.Port, instance.Spec.StrictPing, TimeSpan.FromSeconds(5), ct);
            if (ok)
            {
                var functions = await FunctionsProbe.ReadAsync(http, instance, TimeSpan.FromSeconds(5), ct);
                await Task.Yield(); // as in ProbeAsync
                return functions.Fatal ? new(false, functions.Detail) : new(true, detail + functions.Detail);
            }
            last = detail;
            if (clock.GetUtcNow() + interval > deadline)
                return new(false, $"cannot reach the app's web port after {instance.Spec.StartupTimeout.TotalSeconds:0} s ({last}); make sure it serves HTTP on $LEANCLOUD_APP_PORT within startupTimeout");
            // Apps take a few hundred milliseconds to boot: probe soon, then back off to the interval.
            var wait = TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds, 50 << Math.Min(attempt, 10)));
            try { await Task.WhenAny(Task.Delay(wait, clock, ct), instance.Exited); }
            catch (OperationCanceledException) { return new(false, "cancelled"); }
        }
    }

    /// <summary>One probe: the SDK's ping, else (not strict) the root page. Used by the startup check and the health checks.</summary>
    public async Task<(bool Ok, string Detail)> ProbeAsync(int port, bool strict, TimeSpan timeout, CancellationToken ct)
    {
        var result = await ProbeOnceAsync(port, strict, timeout, ct);
        // The probe's answer may arrive on an I/O thread; what callers do next (start, stop,
        // route, write the database) must not hold it (Server/Hosting/IoThreads).
        await Task.Yield();
        return result;
    }

    private async Task<(bool Ok, string Detail)> ProbeOnceAsync(int port, bool strict, TimeSpan timeout, CancellationToken ct)
    {
        var ping = await Get($"http://127.0.0.1:{port}/__engine/1/ping", timeout, ct);
        if (ping.Ok || strict) return ping.Ok ? (true, "ping answered") : (false, "GET /__engine/1/ping: " + ping.Detail);
        var root = await Get($"http://127.0.0.1:{port}/", timeout, ct);
        return root.Ok ? (true, "GET / answered") : (false, "GET /: " + root.Detail);
    }

    private async Task<(bool Ok, string Detail)> Get(string url, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(timeout);
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            return ((int)response.StatusCode is >= 200 and < 300, $"HTTP {(int)response.StatusCode}");
        }
        catch (HttpRequestException e) { return (false, e.InnerException?.Message ?? e.Message); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return (false, "timed out"); }
    }
}

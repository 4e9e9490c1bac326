namespace GitDeploy.Runtime.Supervisor;

/// <summary>
/// Cloud Engine's startup check: every interval until the timeout, <c>GET /__engine/1/ping</c>;
/// when that is not 2xx, <c>GET /</c> (not in strict functions mode), or only the app's own path
/// (leanengine.yaml healthCheckPath). 2xx passes. A process that exits fails at once, even in the
/// middle of a probe. A port that answered is never reported as unreachable: the failure says what
/// each path answered. Once it passes, the SDK's cloud-function list is read as Cloud Engine does
/// (<see cref="FunctionsProbe"/>): fatal only with functionsMode: strict.
/// </summary>
public sealed class StartupCheck(HttpClient http, TimeProvider clock)
{
    public const string PingPath = "/__engine/1/ping";
    private static readonly TimeSpan DenseProbing = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DenseInterval = TimeSpan.FromMilliseconds(20);

    public sealed record Outcome(bool Passed, string Detail);

    /// <summary>One probe's result; <paramref name="Answered"/>: the port answered HTTP (with any status).</summary>
    public sealed record Probe(bool Ok, bool Answered, string Detail);

    public async Task<Outcome> WaitAsync(Instance instance, TimeSpan interval, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var deadline = started + instance.Spec.StartupTimeout;
        while (true)
        {
            if (instance.Exited.IsCompleted)
                return Exited(instance);
            var probing = ProbeAsync(instance.Port, instance.Spec, TimeSpan.FromSeconds(5), ct);
            await Task.WhenAny(probing, instance.Exited);
            if (!probing.IsCompleted)
                return Exited(instance);
            var probe = await probing;
            if (probe.Ok)
            {
                var functions = await FunctionsProbe.ReadAsync(http, instance, TimeSpan.FromSeconds(5), ct);
                await Task.Yield(); // as in ProbeAsync
                return functions.Fatal ? new(false, functions.Detail) : new(true, probe.Detail + functions.Detail);
            }
            if (clock.GetUtcNow() + interval > deadline)
            {
                var seconds = instance.Spec.StartupTimeout.TotalSeconds;
                return new(
                    false,
                    probe.Answered
                        ? $"{probe.Detail} (for {seconds:0} s)"
                        : $"cannot reach the app's web port after {seconds:0} s ({probe.Detail}); "
                            + "make sure it serves HTTP on $LEANCLOUD_APP_PORT within startupTimeout"
                );
            }
            // Apps take a few hundred milliseconds to boot: probe every 20 ms meanwhile (a refused connect to
            // loopback costs microseconds; a doubling back-off made a 0.16 s boot wait until 0.35 s), then
            // every interval.
            var wait = clock.GetUtcNow() - started < DenseProbing ? DenseInterval : interval;
            try
            {
                await Task.WhenAny(Task.Delay(wait, clock, ct), instance.Exited);
            }
            catch (OperationCanceledException)
            {
                return new(false, "cancelled");
            }
        }
    }

    private static Outcome Exited(Instance instance) =>
        new(false, $"the process exited ({instance.ExitDescription}) before it answered HTTP");

    /// <summary>
    /// One probe: the app's own path, else the SDK's ping, else (not strict) the root page.
    /// Used by the startup check and the health checks.
    /// </summary>
    public Task<Probe> ProbeAsync(int port, InstanceSpec spec, TimeSpan timeout, CancellationToken ct) =>
        ProbeAsync(Loopback, port, spec, timeout, ct);

    /// <summary>One probe of an instance at <paramref name="host"/> (another machine's, for a distributed
    /// target).</summary>
    public async Task<Probe> ProbeAsync(
        string host,
        int port,
        InstanceSpec spec,
        TimeSpan timeout,
        CancellationToken ct
    )
    {
        var result = await ProbeOnceAsync(host, port, spec, timeout, ct);
        // The probe's answer may arrive on an I/O thread; what callers do next (start, stop,
        // route, write the database) must not hold it (Server/Hosting/IoThreads).
        await Task.Yield();
        return result;
    }

    /// <summary>After a passed probe: the SDK's cloud-function list (<see cref="FunctionsProbe"/>); fatal only in
    /// strict mode.</summary>
    public async Task<(bool Fatal, string Detail)> FunctionsAsync(
        string host,
        int port,
        InstanceSpec spec,
        CancellationToken ct
    )
    {
        var r = await FunctionsProbe.ReadAsync(http, host, port, spec, TimeSpan.FromSeconds(5), ct);
        await Task.Yield(); // as in ProbeAsync
        return (r.Fatal, r.Detail);
    }

    private const string Loopback = "127.0.0.1";

    private async Task<Probe> ProbeOnceAsync(
        string host,
        int port,
        InstanceSpec spec,
        TimeSpan timeout,
        CancellationToken ct
    )
    {
        if (spec.CheckPath is { } own)
        {
            var answer = await Get(host, port, own, timeout, ct);
            return answer.Ok
                ? new(true, true, $"GET {own} answered")
                : new(
                    false,
                    answer.Status is not null,
                    $"{Said(own, answer)}: the startup check needs a 2xx from it (healthCheckPath in leanengine.yaml)"
                );
        }
        var ping = await Get(host, port, PingPath, timeout, ct);
        if (ping.Ok)
            return new(true, true, "ping answered");
        if (spec.StrictPing)
            return new(
                false,
                ping.Status is not null,
                $"{Said(PingPath, ping)}: with functionsMode: strict the startup check needs a 2xx from it"
            );
        var root = await Get(host, port, "/", timeout, ct);
        if (root.Ok)
            return new(true, true, "GET / answered");
        return new(
            false,
            ping.Status is not null || root.Status is not null,
            $"{Said("/", root)} and {Said(PingPath, ping)}: the startup check needs a 2xx from one of them; "
                + $"answer 200 at {PingPath} (the LeanEngine SDK does; in Flask: @app.route(\"{PingPath}\") "
                + "def ping(): return \"pong\") or name your own path with healthCheckPath in leanengine.yaml"
        );
    }

    private static string Said(string path, Answer a) =>
        a.Status is { } status ? $"GET {path} answered {status}" : $"GET {path} got no answer ({a.Error})";

    private sealed record Answer(bool Ok, int? Status, string? Error);

    private async Task<Answer> Get(string host, int port, string path, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(timeout);
            using var response = await http.GetAsync(
                $"http://{host}:{port}{path}",
                HttpCompletionOption.ResponseHeadersRead,
                cts.Token
            );
            var status = (int)response.StatusCode;
            return new(status is >= 200 and < 300, status, null);
        }
        catch (HttpRequestException e)
        {
            return new(false, null, e.InnerException?.Message ?? e.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(false, null, "timed out");
        }
    }
}

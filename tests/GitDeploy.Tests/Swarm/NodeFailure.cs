using System.Diagnostics;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Swarm;

/// <summary>Requests through the router while a node dies: how long until they succeed again, and how many
/// failed.</summary>
internal static class NodeFailure
{
    public sealed record Outage(TimeSpan ServingAgainAfter, int Failed, int Ok);

    /// <summary>
    /// Four clients send requests back to back; <paramref name="kill"/> runs once 50 succeeded; serving is
    /// "again" at the first success after which 50 requests in a row succeed (bounded: 60 s after the kill).
    /// </summary>
    public static async Task<Outage> MeasureAsync(TestServer server, string host, Func<Task> kill)
    {
        var ok = 0;
        var failed = 0;
        var killedAt = TimeSpan.Zero;
        var lastFailure = TimeSpan.Zero;
        var streak = 0;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var gate = new object();
        async Task Client()
        {
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout
                = TimeSpan.FromSeconds(5) };
            while (!stop.IsCancellationRequested)
            {
                bool good;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, "/"));
                    request.Headers.Host = $"{host}:{server.Port}";
                    using var r = await http.SendAsync(request, stop.Token);
                    good = r.IsSuccessStatusCode;
                }
                catch (Exception) when (!stop.IsCancellationRequested) { good = false; }
                catch (OperationCanceledException) { return; }
                lock (gate)
                {
                    if (good) { ok++; streak++; }
                    else { failed++; streak = 0; lastFailure = clock.Elapsed; }
                    if (killedAt > TimeSpan.Zero && streak >= 50
                        && clock.Elapsed - killedAt > TimeSpan.FromSeconds(2)) stop.Cancel();
                    if (killedAt > TimeSpan.Zero && clock.Elapsed - killedAt > TimeSpan.FromSeconds(60)) stop.Cancel();
                }
            }
        }
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(Client)).ToArray();
        await Poll.UntilAsync(() => Volatile.Read(ref ok) >= 50, TimeSpan.FromSeconds(30), "requests before the kill");
        killedAt = clock.Elapsed;
        int failedBefore;
        lock (gate) failedBefore = failed;
        await kill();
        await Task.WhenAll(clients);
        lock (gate)
        {
            var again = lastFailure > killedAt ? lastFailure - killedAt : TimeSpan.Zero;
            return new Outage(again, failed - failedBefore, ok);
        }
    }
}

using System.Net;

namespace GitDeploy.Runtime.Router;

/// <summary>
/// The router's way to one instance: its own connection pool and a count of the requests in flight to it.
/// A retiring instance is closed the moment none is in flight (so the drain period is a maximum, not a
/// wait), and closing drops its kept-alive connections, which an app server such as gunicorn otherwise
/// waits on after SIGTERM. A request that finds its upstream closed picks another destination.
/// </summary>
public sealed class Upstream(string address)
{
    private int _inFlight; // -1 once closed
    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        EnableMultipleHttp2Connections = true,
    });

    public string Address { get; } = address;
    public HttpMessageInvoker Client => _client;
    public bool Closed => Volatile.Read(ref _inFlight) < 0;

    /// <summary>Counts a request in; false once the upstream is closed.</summary>
    public bool TryEnter()
    {
        while (true)
        {
            var n = Volatile.Read(ref _inFlight);
            if (n < 0) return false;
            if (Interlocked.CompareExchange(ref _inFlight, n + 1, n) == n) return true;
        }
    }

    public void Exit()
    {
        while (true)
        {
            var n = Volatile.Read(ref _inFlight);
            if (n <= 0) return; // closed by force while the request ran
            if (Interlocked.CompareExchange(ref _inFlight, n - 1, n) == n) return;
        }
    }

    /// <summary>Closes once no request is in flight, or at <paramref name="limit"/> whatever runs; true if it
    /// emptied.</summary>
    public async Task<bool> CloseAsync(TimeSpan limit, TimeProvider clock, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + limit;
        while (Interlocked.CompareExchange(ref _inFlight, -1, 0) != 0)
        {
            if (Closed) return true;
            if (clock.GetUtcNow() >= deadline || ct.IsCancellationRequested)
            {
                Close();
                return false;
            }
            try { await Task.Delay(TimeSpan.FromMilliseconds(20), clock, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        _client.Dispose();
        return true;
    }

    /// <summary>Closes now: requests still running fail (their instance is going away).</summary>
    public void Close()
    {
        Volatile.Write(ref _inFlight, -1);
        _client.Dispose();
    }
}

using System.Collections.Concurrent;

namespace GitDeploy.Tests.Infrastructure;

/// <summary>Four clients sending requests through the router back to back until stopped.</summary>
public sealed class LoadGenerator(TestServer server, string host) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<string> _failures = [];
    private readonly ConcurrentDictionary<string, int> _bodies = new();
    private int _ok;
    private Task[] _clients = [];

    public int Ok => _ok;
    public IReadOnlyCollection<string> Failures => _failures;
    public IReadOnlyDictionary<string, int> Bodies => _bodies;

    public LoadGenerator Start()
    {
        _clients = Enumerable.Range(0, 4).Select(_ => Task.Run(Run)).ToArray();
        return this;
    }

    private async Task Run()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, "/"));
                request.Headers.Host = $"{host}:{server.Port}";
                using var r = await http.SendAsync(request);
                var body = await r.Content.ReadAsStringAsync();
                if (r.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _ok);
                    _bodies.AddOrUpdate(body, 1, (_, n) => n + 1);
                }
                else
                    _failures.Add($"{(int)r.StatusCode}: {body[..Math.Min(body.Length, 200)]}");
            }
            catch (Exception e) when (!_stop.IsCancellationRequested)
            {
                _failures.Add(e.GetType().Name + ": " + e.Message);
            }
            catch (Exception) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_clients);
    }
}

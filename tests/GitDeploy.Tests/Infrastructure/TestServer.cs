using System.Net.Http.Headers;
using System.Net.Http.Json;
using GitDeploy.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Tests.Infrastructure;

/// <summary>
/// A real GitDeploy server on real Kestrel at 127.0.0.1:0 with its own data directory. Disposing
/// it stops the server and asserts that no process it started is left.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string Token = "test-admin-token";

    private readonly WebApplication _app;
    public string DataDir { get; }
    public int Port { get; }
    public Uri BaseUri { get; }
    public HttpClient Http { get; }

    /// <summary>The https:// listener, when the test asked for one.</summary>
    public Uri? HttpsUri { get; private init; }

    private TestServer(WebApplication app, string dataDir, Uri baseUri)
    {
        _app = app;
        DataDir = dataDir;
        BaseUri = baseUri;
        Port = baseUri.Port;
        Http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromSeconds(60),
        };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    private bool OwnsData { get; init; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server; when <paramref name="configure"/> sets DataDir, that directory outlives it.</summary>
    public static async Task<TestServer> StartAsync(Func<ServeOptions, ServeOptions>? configure = null)
    {
        var temp = TestEnvironment.TempDir("gd-data");
        var options = new ServeOptions
        {
            DataDir = temp,
            Urls = "http://127.0.0.1:0",
            AdminToken = Token,
            DrainPeriod = TimeSpan.FromMilliseconds(200),
            StopGracePeriod = TimeSpan.FromSeconds(3),
            ConsoleLog = false,
        };
        if (configure is not null)
            options = configure(options);
        var data = options.DataDir;
        var app = ServerHost.Build(options);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var https = addresses.FirstOrDefault(a => a.StartsWith("https://"));
        return new TestServer(app, data, new Uri(addresses.First(a => a.StartsWith("http://"))))
        {
            OwnsData = data == temp,
            HttpsUri = https is null ? null : new Uri(https),
        };
    }

    public string GitUrl(string app, string? token = Token) =>
        token is null ? $"http://127.0.0.1:{Port}/{app}.git" : $"http://deployer:{token}@127.0.0.1:{Port}/{app}.git";

    public async Task CreateAppAsync(string name)
    {
        var r = await Http.PostAsJsonAsync("/api/apps", new { name });
        Assert.True(
            r.IsSuccessStatusCode,
            $"creating {name}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}"
        );
    }

    /// <summary>A request through the router, as a browser on APP.localhost would send it.</summary>
    public async Task<HttpResponseMessage> GetAppAsync(string host, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, path));
        request.Headers.Host = $"{host}:{Port}";
        return await Http.SendAsync(request);
    }

    public async Task<string> GetAppTextAsync(string host, string path = "/")
    {
        using var r = await GetAppAsync(host, path);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"GET {host}{path}: {(int)r.StatusCode} {body}");
        return body;
    }

    public async ValueTask DisposeAsync()
    {
        var cgroups = Services.GetRequiredService<GitDeploy.Isolation.Sandbox>().Cgroups.Roots;
        await _app.StopAsync();
        await _app.DisposeAsync();
        Http.Dispose();
        // Every instance runs with HOME inside DataDir: none may outlive the server.
        var left = Processes.WithHomeUnder(DataDir);
        Assert.True(left.Count == 0, $"processes left running after the server stopped: {string.Join(", ", left)}");
        var mounts = File.ReadLines("/proc/self/mountinfo")
            .Select(l => l.Split(' ')[4])
            .Where(m => m.StartsWith(Path.Combine(DataDir, "persistent") + "/", StringComparison.Ordinal))
            .ToList();
        Assert.True(
            mounts.Count == 0,
            $"persistent volumes left mounted after the server stopped: {string.Join(", ", mounts)}"
        );
        var cgroupsLeft = cgroups.Where(Directory.Exists).ToList();
        Assert.True(cgroupsLeft.Count == 0, $"cgroups left after the server stopped: {string.Join(", ", cgroupsLeft)}");
        if (OwnsData)
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException) { }
    }
}

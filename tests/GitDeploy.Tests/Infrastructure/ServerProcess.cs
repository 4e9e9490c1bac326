using System.Diagnostics;
using GitDeploy.Isolation.Processes;

namespace GitDeploy.Tests.Infrastructure;

/// <summary>`gitdeploy serve` as a real separate process, for tests that kill it.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    public string DataDir { get; }
    public int Port { get; }
    public int Pid => _process.Id;
    public HttpClient Http { get; }

    private ServerProcess(Process process, string dataDir, int port)
    {
        _process = process;
        DataDir = dataDir;
        Port = port;
        Http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        Http.DefaultRequestHeaders.Authorization = new("Bearer", TestServer.Token);
    }

    private readonly List<string> _output = [];

    /// <summary>What the server printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return string.Join("\n", _output);
        }
    }

    /// <param name="environment">Variables of the server's environment on top of the test's (null: removed).</param>
    public static async Task<ServerProcess> StartAsync(
        string dataDir,
        int port,
        bool fixedToken = true,
        IReadOnlyDictionary<string, string?>? environment = null
    )
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                GitdeployCli.Dll,
                "serve",
                "--data",
                dataDir,
                "--urls",
                $"http://127.0.0.1:{port}",
                "--drain-seconds",
                "0.2",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (fixedToken)
            psi.Environment["GITDEPLOY_ADMIN_TOKEN"] = TestServer.Token;
        else
            psi.Environment.Remove("GITDEPLOY_ADMIN_TOKEN");
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>())
            psi.Environment[k] = v;
        var process = Process.Start(psi)!;
        var server = new ServerProcess(process, dataDir, port);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (server._output)
                    server._output.Add(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (server._output)
                    server._output.Add(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Poll.UntilAsync(
            () => server.Output.Contains("GitDeploy is listening on"),
            TimeSpan.FromSeconds(60),
            "the server to listen"
        );
        return server;
    }

    private bool _killed;

    /// <summary>SIGKILL: what it leaves (instances, cgroups) is the next server's on this data directory to
    /// clean.</summary>
    public void Kill9()
    {
        _killed = true;
        ProcessGroup.SignalProcess(_process.Id, ProcessGroup.SIGKILL);
        _process.WaitForExit(10_000);
    }

    public bool Terminate(TimeSpan timeout)
    {
        ProcessGroup.SignalProcess(_process.Id, ProcessGroup.SIGTERM);
        return _process.WaitForExit(timeout);
    }

    public async Task<string> GetAppTextAsync(string host, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = $"{host}:{Port}";
        using var r = await Http.SendAsync(request);
        r.EnsureSuccessStatusCode();
        return await r.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// Stops the server as an operator would (SIGTERM: it stops its apps and removes its cgroups), killing it
    /// only if it does not stop; then asserts that its cgroups are gone.
    /// </summary>
    public void Dispose()
    {
        if (!_process.HasExited && !Terminate(TimeSpan.FromSeconds(40)))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        Http.Dispose();
        _process.Dispose();
        if (_killed)
            return;
        var cgroups = new GitDeploy.Isolation.Cgroups(GitDeploy.Isolation.Cgroups.NameFor(DataDir));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        do cgroups.RemoveAll(); // a server killed with -9 cannot remove its own: its orphans are gone by now
        while (cgroups.Roots.Any(Directory.Exists) && DateTime.UtcNow < deadline && Pause());
        var left = cgroups.Roots.Where(Directory.Exists).ToList();
        Assert.True(left.Count == 0, $"cgroups left by the server on {DataDir}: {string.Join(", ", left)}");
    }

    private static bool Pause()
    {
        Thread.Sleep(100); // Dispose is synchronous; this is a bounded retry, not a wait for a condition
        return true;
    }
}

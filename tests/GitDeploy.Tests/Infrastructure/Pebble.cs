using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using GitDeploy.Runtime.Processes;

namespace GitDeploy.Tests.Infrastructure;

/// <summary>
/// A real ACME CA on loopback: Debian's <c>pebble</c>, with <c>pebble-challtestsrv</c> as its DNS, which
/// answers only the names a test gives it (<see cref="PointAtThisMachineAsync"/>), so any other name has no
/// DNS and its challenge fails as a domain that does not point here does. Pebble's TLS certificate is
/// made here, signed by a CA of the test (<see cref="CaFile"/>); its http-01 checks go to the port the test
/// names (the router's). Disposing kills both and asserts they are gone.
/// </summary>
public sealed class Pebble : IAsyncDisposable
{
    private readonly string _dir;
    private readonly int _acmePort = FreePort.Next();
    private int _managementPort;
    private int _dnsManagementPort;
    private readonly int? _validitySeconds;
    private readonly List<string> _output = [];
    private readonly List<Process> _processes = [];

    private Pebble(int? validitySeconds)
    {
        _validitySeconds = validitySeconds;
        _dir = TestEnvironment.TempDir("gd-pebble");
        CaFile = Path.Combine(_dir, "ca.pem");
        MakeTlsCertificate();
    }

    public string DirectoryUrl => $"https://127.0.0.1:{_acmePort}/dir";

    /// <summary>The CA of pebble's own HTTPS: what the server is told to trust (--acme-ca-file).</summary>
    public string CaFile { get; }

    /// <summary>Certificates pebble has issued so far (its "Issued certificate" log lines).</summary>
    public int Issued
    {
        get { lock (_output) return _output.Count(l => l.Contains("Issued certificate serial",
            StringComparison.Ordinal)); }
    }

    /// <summary>
    /// The ACME port and files are chosen now; the processes start with <see cref="StartAsync"/>, once the
    /// router's port is known.
    /// </summary>
    /// <param name="validitySeconds">lifetime of the certificates it issues (its default: 5 years)</param>
    public static Pebble Prepare(int? validitySeconds = null) => new(validitySeconds);

    public async Task StartAsync(int routerHttpPort)
    {
        // The other ports are picked only now, so that the server started meanwhile cannot have taken one;
        // one another process took between the pick and the bind is picked again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnceAsync(routerHttpPort);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && Output().Contains("address already in use"))
            {
                await StopAsync();
            }
        }
    }

    private async Task StartOnceAsync(int routerHttpPort)
    {
        _managementPort = FreePort.Next();
        _dnsManagementPort = FreePort.Next();
        var dnsPort = FreePort.Next();
        lock (_output) _output.Clear();
        var config = new Dictionary<string, object>
        {
            ["listenAddress"] = $"127.0.0.1:{_acmePort}",
            ["managementListenAddress"] = $"127.0.0.1:{_managementPort}",
            ["certificate"] = Path.Combine(_dir, "cert.pem"),
            ["privateKey"] = Path.Combine(_dir, "key.pem"),
            ["httpPort"] = routerHttpPort,
            ["tlsPort"] = routerHttpPort,
            ["ocspResponderURL"] = "",
            ["externalAccountBindingRequired"] = false,
        };
        if (_validitySeconds is { } v) config["certificateValidityPeriod"] = v;
        var configFile = Path.Combine(_dir, "pebble-config.json");
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(new { pebble = config }));

        Start("pebble-challtestsrv", ["-dns01", $"127.0.0.1:{dnsPort}", "-http01", "", "-https01", "", "-tlsalpn01", "",
            "-management", $"127.0.0.1:{_dnsManagementPort}", "-defaultIPv4", "", "-defaultIPv6", ""], []);
        await WaitForOutputAsync("Starting management server");
        Start("pebble", ["-config", configFile, "-dnsserver", $"127.0.0.1:{dnsPort}"], new()
        {
            ["PEBBLE_VA_NOSLEEP"] = "1", ["PEBBLE_WFE_NONCEREJECT"] = "0", ["PEBBLE_AUTHZREUSE"] = "0",
        });
        await WaitForOutputAsync("Listening on");
    }

    /// <summary>Gives <paramref name="host"/> an A record of 127.0.0.1 in pebble's DNS.</summary>
    public async Task PointAtThisMachineAsync(string host)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var r = await http.PostAsJsonAsync($"http://127.0.0.1:{_dnsManagementPort}/add-a",
            new { host = host + ".", addresses = new[] { "127.0.0.1" } });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    /// <summary>The root of the chains pebble issues (a new one at every start): what a browser would trust.</summary>
    public async Task<X509Certificate2> RootAsync()
    {
        using var ca = X509CertificateLoader.LoadCertificateFromFile(CaFile);
        using var http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions =
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        });
        var pem = await http.GetStringAsync($"https://127.0.0.1:{_managementPort}/roots/0");
        return X509Certificate2.CreateFromPem(pem);
    }

    public string Output()
    {
        lock (_output) return string.Join('\n', _output);
    }

    private void Start(string file, string[] args, Dictionary<string, string> env)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = _dir };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in env) info.Environment[k] = v;
        var p = new Process { StartInfo = info };
        void Take(object _, DataReceivedEventArgs e)
        {
            if (e.Data is not null) lock (_output) _output.Add(e.Data);
        }
        p.OutputDataReceived += Take;
        p.ErrorDataReceived += Take;
        Assert.True(p.Start(), $"{file} did not start");
        _processes.Add(p);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
    }

    private async Task WaitForOutputAsync(string line)
    {
        bool Said()
        {
            lock (_output) return _output.Any(l => l.Contains(line, StringComparison.Ordinal));
        }
        var name = _processes[^1].StartInfo.FileName;
        await Poll.UntilAsync(() => Said() || _processes.Any(p => p.HasExited), TimeSpan.FromSeconds(30),
            $"'{line}' from {name}");
        if (!Said()) throw new InvalidOperationException($"{name} exited before it said '{line}':\n{Output()}");
    }

    /// <summary>A CA of the test and, signed by it, pebble's certificate for 127.0.0.1.</summary>
    private void MakeTlsCertificate()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=GitDeploy test CA for pebble", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=pebble", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(6),
            [1, 2, 3, 4]);
        File.WriteAllText(CaFile, ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_dir, "cert.pem"), cert.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_dir, "key.pem"), key.ExportPkcs8PrivateKeyPem());
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>Kills both processes and asserts they are gone.</summary>
    private async Task StopAsync()
    {
        var pids = new List<int>();
        foreach (var p in _processes)
        {
            try
            {
                pids.Add(p.Id);
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await p.WaitForExitAsync(cts.Token);
            }
            finally
            {
                p.Dispose();
            }
        }
        _processes.Clear();
        var left = pids.Where(Processes.Alive).ToList();
        Assert.True(left.Count == 0, $"pebble processes left running: {string.Join(", ", left)}");
    }
}

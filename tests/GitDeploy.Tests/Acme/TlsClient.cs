using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace GitDeploy.Tests.Acme;

/// <summary>
/// A browser of the test's names over HTTPS: every name goes to the server's https:// port on
/// 127.0.0.1, SNI is the name, and only chains to <c>root</c> (pebble's) are trusted, with the host
/// name checked. Each request is a new connection, so a renewed certificate is seen at once.
/// </summary>
public sealed class TlsClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly List<X509Certificate2> _seen = [];

    public TlsClient(int port, X509Certificate2 root)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { root },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
                RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                {
                    lock (_seen) _seen.Add(X509CertificateLoader.LoadCertificate(cert!.GetRawCertData()));
                    return errors == SslPolicyErrors.None;
                },
            },
        }) { Timeout = TimeSpan.FromSeconds(30) };
        Port = port;
    }

    public int Port { get; }

    /// <summary>The certificate of the last handshake.</summary>
    public X509Certificate2? Last
    {
        get { lock (_seen) return _seen.LastOrDefault(); }
    }

    public async Task<HttpResponseMessage> GetAsync(string host, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://{host}:{Port}{path}");
        request.Headers.ConnectionClose = true;
        return await _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();
}

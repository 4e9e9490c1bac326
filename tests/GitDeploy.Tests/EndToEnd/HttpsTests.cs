using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>HTTPS listeners with certificates chosen by SNI, and per-domain force-HTTPS redirects.</summary>
public class HttpsTests
{
    /// <summary>Self-signed certificates made here: one for secure.test, a wildcard for *.wild.test.</summary>
    private static string MakeCertificates()
    {
        var dir = TestEnvironment.TempDir("gd-certs");
        foreach (var (file, name) in new[] { ("secure", "secure.test"), ("wild", "*.wild.test") })
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest(
                $"CN={name}",
                rsa,
                HashAlgorithmName.SHA256,
                RSASignaturePadding.Pkcs1
            );
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(name);
            request.CertificateExtensions.Add(san.Build());
            using var cert = request.CreateSelfSigned(
                DateTimeOffset.UtcNow.AddDays(-1),
                DateTimeOffset.UtcNow.AddDays(30)
            );
            File.WriteAllText(Path.Combine(dir, file + ".crt"), cert.ExportCertificatePem());
            File.WriteAllText(Path.Combine(dir, file + ".key"), rsa.ExportPkcs8PrivateKeyPem());
        }
        File.WriteAllText(
            Path.Combine(dir, "ca-chain.pem"),
            "-----BEGIN CERTIFICATE-----\nnot a server certificate: ignored\n-----END CERTIFICATE-----\n"
        );
        return dir;
    }

    /// <summary>A client that resolves every name to the test server and records the certificate it was
    /// shown.</summary>
    private static HttpClient Client(int port, List<string> seen) =>
        new(
            new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    await socket.ConnectAsync(IPAddress.Loopback, port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                },
                SslOptions =
                {
                    RemoteCertificateValidationCallback = (_, cert, _, _) =>
                    {
                        lock (seen)
                            seen.Add(cert!.Subject);
                        return true;
                    },
                },
            }
        );

    [Fact(Timeout = 180_000)]
    public async Task Https_PicksTheCertificateBySni_AndForceHttpsRedirectsKeepingThePath()
    {
        var certs = MakeCertificates();
        await using var server = await TestServer.StartAsync(o =>
            o with
            {
                Urls = "http://127.0.0.1:0;https://127.0.0.1:0",
                CertificatesPath = certs,
            }
        );
        Assert.NotNull(server.HttpsUri);
        var repo = await AppRepo.CreateAsync(server, "tls", d => ControlApp.Write(d));
        (await repo.PushAsync()).ShouldSucceed();
        foreach (var domain in new[] { "secure.test", "shop.wild.test" })
            Assert.Equal(
                HttpStatusCode.Created,
                (
                    await server.Http.PostAsJsonAsync(
                        "/api/apps/tls/domains",
                        new { domain, forceHttps = domain == "secure.test" }
                    )
                ).StatusCode
            );

        var seen = new List<string>();
        using var https = Client(server.HttpsUri!.Port, seen);
        var secure = await https.GetStringAsync($"https://secure.test:{server.HttpsUri.Port}/headers");
        var wild = await https.GetStringAsync($"https://shop.wild.test:{server.HttpsUri.Port}/");

        Assert.Contains("X-Forwarded-Proto: https", secure);
        Assert.StartsWith("pid=", wild);
        Assert.Equal(["CN=secure.test", "CN=*.wild.test"], seen);

        using var plain = Client(server.Port, seen);
        using var redirect = await plain.GetAsync($"http://secure.test:{server.Port}/some/path?x=1");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal(
            $"https://secure.test:{server.HttpsUri.Port}/some/path?x=1",
            redirect.Headers.Location!.ToString()
        );
        using var notForced = await plain.GetAsync($"http://shop.wild.test:{server.Port}/");
        Assert.Equal(HttpStatusCode.OK, notForced.StatusCode);

        await server.Http.PatchAsJsonAsync("/api/apps/tls/domains/secure.test", new { forceHttps = false });
        using var afterOff = await plain.GetAsync($"http://secure.test:{server.Port}/");
        Assert.Equal(HttpStatusCode.OK, afterOff.StatusCode);
    }
}

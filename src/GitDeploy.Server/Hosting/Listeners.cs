using System.Net;
using System.Net.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace GitDeploy.Server.Hosting;

/// <summary>
/// Kestrel's listeners from --urls: http:// ones plain, https:// ones with the certificate chosen
/// by SNI from the <see cref="CertificateStore"/> at each handshake (so a certificate obtained or
/// renewed while the server runs serves from the next connection on). Also Cloud Engine's header
/// limits (request line 8 KiB, all headers 64 KiB).
/// </summary>
public static class Listeners
{
    public static void Configure(KestrelServerOptions k, ServeOptions o, CertificateStore certs)
    {
        k.Limits.MaxRequestLineSize = 8 * 1024;
        k.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
        k.Limits.MaxRequestBodySize = o.MaxRequestBodyBytes; // git routes lift it per request
        k.AddServerHeader = false;
        var tls = new TlsHandshakeCallbackOptions
        {
            // ALPN is left to Kestrel (it sets it from the listener's protocols when the callback does not).
            OnConnection = c =>
                ValueTask.FromResult(
                    new SslServerAuthenticationOptions
                    {
                        ServerCertificateContext = certs.Select(c.ClientHelloInfo.ServerName),
                    }
                ),
        };
        foreach (
            var raw in o.Urls.Split(';', ',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        )
        {
            var url = new Uri(raw.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"));
            var https = url.Scheme == "https";
            void Endpoint(ListenOptions l)
            {
                // HTTP/2 needs TLS (ALPN) to be negotiated; plain listeners speak HTTP/1.1.
                l.Protocols = https ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                if (https)
                    l.UseHttps(tls);
            }
            if (url.Host == "localhost")
                k.ListenLocalhost(url.Port, Endpoint);
            else
                k.Listen(IPAddress.Parse(url.Host.Trim('[', ']')), url.Port, Endpoint);
        }
    }
}

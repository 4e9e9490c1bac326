using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace GitDeploy.Server.Hosting;

/// <summary>
/// Kestrel's listeners from --urls: http:// ones plain, https:// ones with the certificate chosen
/// by SNI from --certs. Also Cloud Engine's header limits (request line 8 KiB, all headers 64 KiB).
/// </summary>
public static class Listeners
{
    public static void Configure(KestrelServerOptions k, ServeOptions o)
    {
        k.Limits.MaxRequestLineSize = 8 * 1024;
        k.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
        k.Limits.MaxRequestBodySize = o.MaxRequestBodyBytes; // git routes lift it per request
        k.AddServerHeader = false;
        CertificateStore? certs = null;
        foreach (var raw in o.Urls.Split(';', ',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var url = new Uri(raw.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"));
            var https = url.Scheme == "https";
            if (https && certs is null)
            {
                if (o.CertificatesPath is null)
                    throw new InvalidOperationException($"{raw} needs certificates: pass --certs with a PEM file or a directory of them");
                certs = CertificateStore.Load(o.CertificatesPath);
            }
            void Endpoint(ListenOptions l)
            {
                // HTTP/2 needs TLS (ALPN) to be negotiated; plain listeners speak HTTP/1.1.
                l.Protocols = https ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                if (https) l.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificateSelector = (_, name) => certs!.Select(name) });
            }
            if (url.Host == "localhost") k.ListenLocalhost(url.Port, Endpoint);
            else k.Listen(IPAddress.Parse(url.Host.Trim('[', ']')), url.Port, Endpoint);
        }
    }
}

using GitDeploy.Runtime.Router;
using GitDeploy.Server.Acme;

namespace GitDeploy.Server.Api;

/// <summary>Which HTTPS settings a domain may have on this server, each refusal saying what to do.</summary>
internal static class DomainHttps
{
    public static string? Problem(string mode, bool forceHttps, RouterOptions router, ICertificateIssuer issuer)
    {
        if (!HttpsModes.All.Contains(mode))
            return $"unknown HTTPS mode '{mode}': use auto (a certificate by ACME), manual (from serve --certs) or off";
        if (mode == HttpsModes.Off && forceHttps)
            return "a domain with HTTPS off cannot force HTTPS: also give --force-https false, "
                + "or choose --https auto or manual";
        if (mode != HttpsModes.Auto) return null;
        if (router.HttpsPort is null)
            return "automatic HTTPS needs an https:// listener: restart the server with "
                + "--urls 'http://0.0.0.0:80;https://0.0.0.0:443' (the CA checks the domain over port 80)";
        return issuer.Problem();
    }
}

using System.Net;

namespace GitDeploy.Runtime.Router;

/// <summary>The load balancer's settings; defaults are Cloud Engine's.</summary>
public sealed class RouterOptions
{
    /// <summary>Apps answer at APP.AppsDomain and stg-APP.AppsDomain; "localhost" needs no DNS.</summary>
    public string AppsDomain { get; set; } = "localhost";

    /// <summary>Host names of the platform itself (API, git, webhooks) besides IP literals and localhost.</summary>
    public List<string> PlatformHosts { get; set; } = [];

    /// <summary>60 s for the app to start answering (504 after), also the idle limit of a WebSocket.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(60);
    public long MaxRequestBodyBytes { get; set; } = 100L * 1024 * 1024;
    public int MaxHeaderLineBytes { get; set; } = 8 * 1024;

    /// <summary>Peers whose X-Forwarded-*, Forwarded and X-Request-Id are believed (IPs or CIDRs); nobody by
    /// default.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Files answering /.well-known/acme-challenge/TOKEN on every host.</summary>
    public string AcmeChallengeDir { get; set; } = "acme-challenge";

    /// <summary>Whether the router records request metrics (serve --request-metrics off turns it off).</summary>
    public bool RequestMetrics { get; set; } = true;

    /// <summary>Port of the HTTPS listener, for force-HTTPS redirects (null: no HTTPS listener).</summary>
    public int? HttpsPort { get; set; }

    /// <summary>Whether the direct peer is one of <see cref="TrustedProxies"/> (IPv4-mapped addresses as
    /// IPv4).</summary>
    internal bool IsTrusted(IPAddress? peer)
    {
        var networks = _trusted ??= TrustedProxies.Select(ParseNetwork).ToList();
        if (peer is null || networks.Count == 0)
            return false;
        if (peer.IsIPv4MappedToIPv6)
            peer = peer.MapToIPv4();
        foreach (var n in networks)
            if (n.Contains(peer))
                return true;
        return false;
    }

    private IReadOnlyList<IPNetwork>? _trusted;

    private static IPNetwork ParseNetwork(string s) =>
        s.Contains('/')
            ? IPNetwork.Parse(s)
            : new IPNetwork(
                IPAddress.Parse(s),
                IPAddress.Parse(s).AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128
            );
}

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GitDeploy.Runtime.Router;

/// <summary>Where Kestrel listens once it has bound (ports may be 0 in the options), as reachable URLs.</summary>
public static class BoundAddresses
{
    public static IReadOnlyList<Uri> Of(IServer server) =>
        (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            .Select(a => new Uri(a.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1")))
            .ToList();

    /// <summary>The first plain-HTTP address (else the first of any kind), or null before binding.</summary>
    public static Uri? FirstHttp(IServer server) =>
        Of(server) is var all && all.FirstOrDefault(u => u.Scheme == "http") is { } http ? http : all.FirstOrDefault();
}

using Docker.DotNet.Models;

namespace GitDeploy.Swarm;

/// <summary>
/// A node as the router sees it: its address is the node label <c>gitdeploy.address</c> when set
/// (a node whose swarm address the server cannot reach), else its swarm address.
/// </summary>
public sealed record SwarmNode(string Id, string Hostname, string Address, bool Ready)
{
    public const string AddressLabel = "gitdeploy.address";

    public string Display => $"{Hostname} ({Address})";

    public static SwarmNode From(NodeListResponse n)
    {
        var address = ServiceSpecs.Label(n.Spec?.Labels, AddressLabel) is { Length: > 0 } a ? a
            : n.Status?.Addr is { Length: > 0 } s && s != "0.0.0.0" ? s
            : n.ManagerStatus?.Addr is { } m ? m[..m.LastIndexOf(':')] : "?";
        return new SwarmNode(n.ID, n.Description?.Hostname ?? n.ID[..12], address, n.Status?.State == "ready");
    }
}

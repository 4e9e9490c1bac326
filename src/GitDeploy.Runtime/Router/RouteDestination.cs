using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace GitDeploy.Runtime.Router;

public sealed record RouteDestination(string InstanceId, Upstream Upstream, string Instance = "", string Tag = "")
{
    public string Address => Upstream.Address;
}

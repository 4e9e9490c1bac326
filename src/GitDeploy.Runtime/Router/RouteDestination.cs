namespace GitDeploy.Runtime.Router;

public sealed record RouteDestination(string InstanceId, Upstream Upstream, string Instance = "", string Tag = "")
{
    public string Address => Upstream.Address;
}

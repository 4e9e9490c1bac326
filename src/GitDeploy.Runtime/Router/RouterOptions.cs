namespace GitDeploy.Runtime.Router;

public sealed class RouterOptions
{
    /// <summary>Apps answer at APP.AppsDomain and stg-APP.AppsDomain; "localhost" needs no DNS.</summary>
    public string AppsDomain { get; set; } = "localhost";
    /// <summary>Cloud Engine's load balancer gives an app 60 s to respond.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

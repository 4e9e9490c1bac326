using System.Net;
using Microsoft.Extensions.Options;

namespace GitDeploy.Runtime.Router;

/// <summary>
/// Which part answers a Host: the platform itself first (IP literals, localhost, the apps domain,
/// --platform-host names and the machine's name), so no app ever answers there, whatever domain it
/// was given; then a custom domain's app; APP.DOMAIN / stg-APP.DOMAIN; else nobody (404).
/// </summary>
public sealed class HostRouter(DomainTable domains, IOptions<RouterOptions> options)
{
    private static readonly string MachineName = Environment.MachineName.ToLowerInvariant();

    public RouteTarget Resolve(string rawHost)
    {
        var host = rawHost.TrimEnd('.').ToLowerInvariant();
        var o = options.Value;
        if (IsPlatformHost(host)) return new RouteTarget(TargetKind.Platform);
        if (domains.TryGet(host, out var d)) return new RouteTarget(TargetKind.App, d.App, d.Env, d.ForceHttps);
        if (HostResolver.TryResolve(host, o.AppsDomain, out var app, out var env))
            return new RouteTarget(TargetKind.App, app, env);
        return new RouteTarget(TargetKind.UnknownHost);
    }

    /// <summary>Whether GitDeploy's own API and git answer at this (lowercase) host name.</summary>
    public bool IsPlatformHost(string host)
    {
        var o = options.Value;
        return host.Length == 0 || host == "localhost" || host.Equals(o.AppsDomain, StringComparison.OrdinalIgnoreCase)
            || IPAddress.TryParse(host.Trim('[', ']'), out _)
            || o.PlatformHosts.Contains(host, StringComparer.OrdinalIgnoreCase) || host == MachineName;
    }
}

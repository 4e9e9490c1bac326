using System.Net;
using Microsoft.Extensions.Options;

namespace GitDeploy.Runtime.Router;

public enum TargetKind { App, Platform, UnknownHost }

public readonly record struct RouteTarget(TargetKind Kind, string App = "", string Env = "", bool ForceHttps = false);

/// <summary>
/// Which part answers a Host: a custom domain's app; APP.DOMAIN / stg-APP.DOMAIN; the platform
/// itself (IP literals, localhost, the apps domain and --platform-host names); else nobody (404).
/// </summary>
public sealed class HostRouter(DomainTable domains, IOptions<RouterOptions> options)
{
    public RouteTarget Resolve(string rawHost)
    {
        var host = rawHost.TrimEnd('.').ToLowerInvariant();
        if (domains.TryGet(host, out var d)) return new RouteTarget(TargetKind.App, d.App, d.Env, d.ForceHttps);
        var o = options.Value;
        if (HostResolver.TryResolve(host, o.AppsDomain, out var app, out var env)) return new RouteTarget(TargetKind.App, app, env);
        if (IsPlatform(host, o)) return new RouteTarget(TargetKind.Platform);
        return new RouteTarget(TargetKind.UnknownHost);
    }

    private static bool IsPlatform(string host, RouterOptions o) =>
        host.Length == 0 || host == "localhost" || host == o.AppsDomain || IPAddress.TryParse(host.Trim('[', ']'), out _) ||
        o.PlatformHosts.Contains(host, StringComparer.OrdinalIgnoreCase) || host == Environment.MachineName.ToLowerInvariant();
}

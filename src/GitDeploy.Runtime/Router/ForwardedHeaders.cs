using System.Net;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace GitDeploy.Runtime.Router;

/// <summary>
/// Adds what Cloud Engine's load balancer adds. Nothing in front of GitDeploy is trusted, so
/// values a client sent in these headers are dropped and replaced, never passed on.
/// </summary>
public sealed class ForwardedHeaders : HttpTransformer
{
    private static readonly string[] Owned = ["X-Real-IP", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded"];

    public override async ValueTask TransformRequestAsync(HttpContext ctx, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken ct)
    {
        await base.TransformRequestAsync(ctx, proxyRequest, destinationPrefix, ct);
        foreach (var h in Owned) proxyRequest.Headers.Remove(h);
        var ip = ctx.Connection.RemoteIpAddress?.MapToIPv4().ToString() ?? "unknown";
        var proto = ctx.Request.Scheme;
        var host = ctx.Request.Host.Value ?? "";
        proxyRequest.Headers.Host = host;
        proxyRequest.Headers.TryAddWithoutValidation("X-Real-IP", ip);
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", ip);
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", proto);
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Host", host);
        var forIp = ctx.Connection.RemoteIpAddress is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } v6 && !v6.IsIPv4MappedToIPv6 ? $"\"[{v6}]\"" : ip;
        proxyRequest.Headers.TryAddWithoutValidation("Forwarded", $"for={forIp};host=\"{host}\";proto={proto}");
    }
}

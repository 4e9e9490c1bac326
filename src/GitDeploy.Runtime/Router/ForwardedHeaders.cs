using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace GitDeploy.Runtime.Router;

/// <summary>
/// What Cloud Engine's load balancer adds. The rule for values a client sent itself: they are
/// believed (and appended to) only when the direct peer is a trusted proxy (--trusted-proxy);
/// from anyone else they are dropped and replaced, so an app can rely on X-Real-IP.
/// </summary>
public sealed partial class ForwardedHeaders : HttpTransformer
{
    internal const string TrustedKey = "gitdeploy.trusted-peer";
    internal const string RequestIdKey = "gitdeploy.request-id";
    private static readonly string[] Owned =
    [
        "X-Real-IP",
        "X-Forwarded-For",
        "X-Forwarded-Proto",
        "X-Forwarded-Host",
        "Forwarded",
        "X-Request-Id",
    ];

    [GeneratedRegex(@"^[A-Za-z0-9._:-]{1,128}\z")]
    private static partial Regex RequestIdPattern();

    /// <summary>The request's id: a trusted proxy's, else a new one. Also sent back to the client.</summary>
    public static string RequestId(HttpContext ctx, bool trusted)
    {
        var incoming = ctx.Request.Headers["X-Request-Id"].ToString();
        var id = trusted && RequestIdPattern().IsMatch(incoming) ? incoming : Guid.NewGuid().ToString("N");
        ctx.Items[RequestIdKey] = id;
        return id;
    }

    public override async ValueTask TransformRequestAsync(
        HttpContext ctx,
        HttpRequestMessage proxyRequest,
        string destinationPrefix,
        CancellationToken ct
    )
    {
        var trusted = ctx.Items[TrustedKey] is true;
        var h = ctx.Request.Headers;
        var clientIp = Format(ctx.Connection.RemoteIpAddress);
        var priorFor = trusted ? h["X-Forwarded-For"].ToString() : "";
        var realIp = trusted && priorFor.Length > 0 ? priorFor.Split(',')[0].Trim() : clientIp;
        var proto = trusted && h["X-Forwarded-Proto"].ToString() is { Length: > 0 } p ? p : ctx.Request.Scheme;
        var host = ctx.Request.Host.Value ?? "";
        var priorForwarded = trusted ? h["Forwarded"].ToString() : "";

        await base.TransformRequestAsync(ctx, proxyRequest, destinationPrefix, ct);
        foreach (var name in Owned)
            proxyRequest.Headers.Remove(name);
        proxyRequest.Headers.Host = host;
        proxyRequest.Headers.TryAddWithoutValidation("X-Real-IP", realIp);
        proxyRequest.Headers.TryAddWithoutValidation(
            "X-Forwarded-For",
            priorFor.Length > 0 ? $"{priorFor}, {clientIp}" : clientIp
        );
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", proto);
        proxyRequest.Headers.TryAddWithoutValidation(
            "X-Forwarded-Host",
            trusted && h["X-Forwarded-Host"].ToString() is { Length: > 0 } fh ? fh : host
        );
        var forwarded =
            $"for={ForwardedFor(ctx.Connection.RemoteIpAddress)};host=\"{host}\";proto={ctx.Request.Scheme}";
        proxyRequest.Headers.TryAddWithoutValidation(
            "Forwarded",
            priorForwarded.Length > 0 ? $"{priorForwarded}, {forwarded}" : forwarded
        );
        proxyRequest.Headers.TryAddWithoutValidation("X-Request-Id", (string)ctx.Items[RequestIdKey]!);
    }

    private static string Format(IPAddress? ip) =>
        ip is null ? "unknown"
        : ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4().ToString()
        : ip.ToString();

    /// <summary>RFC 7239: IPv6 addresses are quoted and bracketed.</summary>
    private static string ForwardedFor(IPAddress? ip) =>
        ip is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6, IsIPv4MappedToIPv6: false }
            ? $"\"[{ip}]\""
            : Format(ip);
}

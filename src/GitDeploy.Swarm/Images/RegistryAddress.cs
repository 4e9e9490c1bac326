using System.Net;

namespace GitDeploy.Swarm;

/// <summary>
/// A registry as the server and the nodes both name it: <c>HOST:PORT</c> in image references, and the
/// URL the server talks to (HTTPS, or plain HTTP for loopback addresses, as Docker itself allows, and
/// for an explicit <c>http://</c>).
/// </summary>
public sealed record RegistryAddress(string HostPort, Uri BaseUri)
{
    public static RegistryAddress? Parse(string text)
    {
        var scheme = text.StartsWith("http://", StringComparison.Ordinal) ? "http"
            : text.StartsWith("https://", StringComparison.Ordinal) ? "https" : null;
        var hostPort = scheme is null ? text : text[(scheme.Length + 3)..].TrimEnd('/');
        if (hostPort.Length == 0 || hostPort.Contains('/') || !Uri.TryCreate($"http://{hostPort}", UriKind.Absolute,
            out var u)
            || u.Host.Length == 0 || !hostPort.Contains(':'))
            return null;
        scheme ??= IsLoopback(u.Host) ? "http" : "https";
        return new RegistryAddress(hostPort, new Uri($"{scheme}://{hostPort}/"));
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}

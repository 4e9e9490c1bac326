using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;

namespace GitDeploy.Server.Dashboard.Assets;

/// <summary>
/// The dashboard's scripts, styles and vendored libraries, embedded in this assembly (no files to
/// install, no CDN): served with their hash as ETag, cached by the browser for an hour and revalidated.
/// </summary>
public static class AssetEndpoints
{
    private static readonly Assembly Here = typeof(AssetEndpoints).Assembly;
    private static readonly ConcurrentDictionary<string, Asset?> Cache = new(StringComparer.Ordinal);

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);

    public static RouteGroupBuilder MapDashboardAssets(this RouteGroupBuilder g)
    {
        g.MapGet("/assets/{**path}", (string path, HttpContext ctx) =>
        {
            if (Cache.GetOrAdd(path, Load) is not { } asset) return Results.NotFound();
            ctx.Response.Headers.CacheControl = "public, max-age=3600";
            ctx.Response.Headers.ETag = asset.ETag;
            if (ctx.Request.Headers.IfNoneMatch == asset.ETag) return Results.StatusCode(304);
            return Results.Bytes(asset.Bytes, asset.ContentType);
        });
        return g;
    }

    private static Asset? Load(string path)
    {
        if (path.Contains("..", StringComparison.Ordinal)) return null;
        using var stream = Here.GetManifestResourceStream("dashboard/" + path);
        if (stream is null) return null;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        var type = Path.GetExtension(path) switch
        {
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return new Asset(bytes, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
    }
}

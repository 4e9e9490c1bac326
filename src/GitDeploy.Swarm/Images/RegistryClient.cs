using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace GitDeploy.Swarm;

/// <summary>
/// The registry's HTTP API (Docker Registry v2 / OCI distribution), as much as pushing a release image
/// takes: blobs are checked, mounted from the base image's repository or uploaded whole; manifests read
/// and written. Without credentials: the registry must accept this server's pushes.
/// </summary>
public sealed class RegistryClient(HttpClient http, RegistryAddress address)
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    public RegistryAddress Address => address;

    private Uri Url(string path) => new(address.BaseUri, path);

    public async Task<bool> HasBlobAsync(string repo, string digest, CancellationToken ct)
    {
        using var r = await SendAsync(new HttpRequestMessage(HttpMethod.Head, Url($"v2/{repo}/blobs/{digest}")), ct);
        return r.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Makes <paramref name="digest"/> of <paramref name="from"/> part of <paramref name="repo"/> without a
    /// transfer.</summary>
    public async Task<bool> MountBlobAsync(string repo, string digest, string from, CancellationToken ct)
    {
        var query = $"mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(from)}";
        var url = Url($"v2/{repo}/blobs/uploads/?{query}");
        using var r = await SendAsync(new HttpRequestMessage(HttpMethod.Post, url), ct);
        return r.StatusCode == HttpStatusCode.Created;
    }

    public Task UploadBlobAsync(string repo, string digest, string file, CancellationToken ct) =>
        UploadAsync(repo, digest, () => new StreamContent(File.OpenRead(file), 1 << 16), ct);

    public Task UploadBlobAsync(string repo, string digest, byte[] data, CancellationToken ct) =>
        UploadAsync(repo, digest, () => new ByteArrayContent(data), ct);

    /// <summary>Copies a blob from another repository of the registry (when it refuses to mount it).</summary>
    public async Task CopyBlobAsync(string repo, string digest, string from, CancellationToken ct)
    {
        using var source = await SendAsync(new HttpRequestMessage(HttpMethod.Get, Url($"v2/{from}/blobs/{digest}")), ct,
            HttpCompletionOption.ResponseHeadersRead);
        await Expect(source, HttpStatusCode.OK, $"reading {digest} of {from}");
        var body = await source.Content.ReadAsStreamAsync(ct);
        await UploadAsync(repo, digest, () => new StreamContent(body, 1 << 16), ct);
    }

    private async Task UploadAsync(string repo, string digest, Func<HttpContent> content, CancellationToken ct)
    {
        using var start = await SendAsync(new HttpRequestMessage(HttpMethod.Post, Url($"v2/{repo}/blobs/uploads/")),
            ct);
        await Expect(start, HttpStatusCode.Accepted, $"starting an upload to {repo}");
        var location = start.Headers.Location
            ?? throw Problem($"the registry's upload answer for {repo} has no Location");
        var target = location.IsAbsoluteUri ? location : new Uri(address.BaseUri, location);
        var put = new UriBuilder(target);
        put.Query = (put.Query.Length > 1 ? put.Query[1..] + "&" : "") + "digest=" + Uri.EscapeDataString(digest);
        using var body = content();
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var done = await SendAsync(new HttpRequestMessage(HttpMethod.Put, put.Uri) { Content = body }, ct);
        await Expect(done, HttpStatusCode.Created, $"uploading {digest} to {repo}");
    }

    public sealed record Manifest(string MediaType, byte[] Body, string Digest);

    /// <summary>The manifest of <paramref name="reference"/> (a tag or digest), or null when there is none.</summary>
    public async Task<Manifest?> GetManifestAsync(string repo, string reference, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Url($"v2/{repo}/manifests/{reference}"));
        foreach (var accepted in new[] { DockerManifest, OciManifest, DockerList, OciIndex })
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accepted));
        using var r = await SendAsync(request, ct);
        if (r.StatusCode == HttpStatusCode.NotFound) return null;
        await Expect(r, HttpStatusCode.OK, $"reading the manifest of {repo}:{reference}");
        var body = await r.Content.ReadAsByteArrayAsync(ct);
        var type = r.Content.Headers.ContentType?.MediaType ?? DockerManifest;
        return new Manifest(type, body, Sha256(body));
    }

    public async Task<bool> HasManifestAsync(string repo, string reference, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Head, Url($"v2/{repo}/manifests/{reference}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(DockerManifest));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciManifest));
        using var r = await SendAsync(request, ct);
        return r.StatusCode == HttpStatusCode.OK;
    }

    public async Task<byte[]> GetBlobAsync(string repo, string digest, CancellationToken ct)
    {
        using var r = await SendAsync(new HttpRequestMessage(HttpMethod.Get, Url($"v2/{repo}/blobs/{digest}")), ct);
        await Expect(r, HttpStatusCode.OK, $"reading {digest} of {repo}");
        return await r.Content.ReadAsByteArrayAsync(ct);
    }

    /// <summary>Stores a manifest under <paramref name="tag"/>; returns its digest.</summary>
    public async Task<string> PutManifestAsync(string repo, string tag, string mediaType, byte[] body,
        CancellationToken ct)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var r = await SendAsync(new HttpRequestMessage(HttpMethod.Put,
            Url($"v2/{repo}/manifests/{tag}")) { Content = content }, ct);
        await Expect(r, HttpStatusCode.Created, $"storing the manifest {repo}:{tag}");
        return Sha256(body);
    }

    public static string Sha256(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken ct, HttpCompletionOption option
            = HttpCompletionOption.ResponseContentRead)
    {
        try
        {
            using (request) return await http.SendAsync(request, option, ct);
        }
        catch (HttpRequestException e)
        {
            var why = e.InnerException?.Message ?? e.Message;
            throw Problem($"cannot reach the registry at {address.BaseUri} ({why}); " +
                "check serve --swarm-registry and that the registry runs");
        }
    }

    private async Task Expect(HttpResponseMessage r, HttpStatusCode wanted, string what)
    {
        if (r.StatusCode == wanted) return;
        var text = await r.Content.ReadAsStringAsync();
        var auth = r.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? "; GitDeploy pushes without credentials: give it a registry that accepts its pushes " +
              "(e.g. on a private network)"
            : "";
        throw Problem($"the registry at {address.HostPort} answered {(int)r.StatusCode} when {what}: " +
            $"{(text.Length > 300 ? text[..300] : text).Trim()}{auth}");
    }

    private static RegistryException Problem(string message) => new(message);
}

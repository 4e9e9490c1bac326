using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>The router as Cloud Engine's load balancer, with a real app behind it.</summary>
public class RouterTests
{
    private static async Task<(TestServer Server, AppRepo Repo)> ServeControlAppAsync(
        string app,
        Func<GitDeploy.Server.Hosting.ServeOptions, GitDeploy.Server.Hosting.ServeOptions>? configure = null
    )
    {
        var server = await TestServer.StartAsync(configure);
        var repo = await AppRepo.CreateAsync(server, app, d => ControlApp.Write(d));
        (await repo.PushAsync()).ShouldSucceed();
        return (server, repo);
    }

    private static async Task<HttpResponseMessage> Send(
        TestServer server,
        string host,
        string path,
        Action<HttpRequestMessage>? change = null,
        HttpMethod? method = null
    )
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, new Uri(server.BaseUri, path));
        request.Headers.Host = $"{host}:{server.Port}";
        change?.Invoke(request);
        return await server.Http.SendAsync(request);
    }

    private static Dictionary<string, string> Headers(string body) =>
        body.Split('\n')
            .Select(l => l.Split(": ", 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].ToLowerInvariant(), p => p[1]);

    [Fact(Timeout = 120_000)]
    public async Task HeadersToTheApp_AreSetFresh_SpoofedOnesDropped_AndTheRequestIdIsLogged()
    {
        var (server, _) = await ServeControlAppAsync("heads");
        await using var _s = server;

        using var r = await Send(
            server,
            "heads.localhost",
            "/headers",
            q =>
            {
                q.Headers.Add("X-Forwarded-For", "203.0.113.66");
                q.Headers.Add("X-Real-IP", "203.0.113.66");
                q.Headers.Add("X-Forwarded-Proto", "https");
                q.Headers.Add("Forwarded", "for=203.0.113.66");
                q.Headers.Add("X-Request-Id", "spoofed-id");
            }
        );
        var h = Headers(await r.Content.ReadAsStringAsync());
        var id = r.Headers.GetValues("X-Request-Id").Single();

        Assert.Equal("127.0.0.1", h["x-real-ip"]);
        Assert.Equal("127.0.0.1", h["x-forwarded-for"]);
        Assert.Equal("http", h["x-forwarded-proto"]);
        Assert.Equal($"heads.localhost:{server.Port}", h["x-forwarded-host"]);
        Assert.Equal($"heads.localhost:{server.Port}", h["host"]);
        Assert.Equal($"for=127.0.0.1;host=\"heads.localhost:{server.Port}\";proto=http", h["forwarded"]);
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(id, h["x-request-id"]);

        using var failing = await Send(server, "heads.localhost", "/status?code=500");
        Assert.Equal(500, (int)failing.StatusCode);
        var failingId = failing.Headers.GetValues("X-Request-Id").Single();
        var logs = await Poll.UntilAsync(
            async () => (await KeepAliveTests.LogsAsync(server, "heads")) is var l && l.Contains(failingId) ? l : null,
            TimeSpan.FromSeconds(10),
            "the error in the app's log"
        );
        Assert.Contains($"request {failingId} GET /status → 500", logs);
    }

    [Fact(Timeout = 120_000)]
    public async Task BehindATrustedProxy_ForwardedHeadersAreKeptAndAppended()
    {
        var (server, _) = await ServeControlAppAsync("proxied", o => o with { TrustedProxies = ["127.0.0.0/8"] });
        await using var _s = server;

        using var r = await Send(
            server,
            "proxied.localhost",
            "/headers",
            q =>
            {
                q.Headers.Add("X-Forwarded-For", "203.0.113.66");
                q.Headers.Add("X-Forwarded-Proto", "https");
                q.Headers.Add("X-Request-Id", "edge-1234");
            }
        );
        var h = Headers(await r.Content.ReadAsStringAsync());

        Assert.Equal("203.0.113.66", h["x-real-ip"]);
        Assert.Equal("203.0.113.66, 127.0.0.1", h["x-forwarded-for"]);
        Assert.Equal("https", h["x-forwarded-proto"]);
        Assert.Equal("edge-1234", h["x-request-id"]);
    }

    [Fact(Timeout = 120_000)]
    public async Task Limits_HaveCloudEnginesStatusCodes()
    {
        var (server, _) = await ServeControlAppAsync(
            "limits",
            o => o with { ResponseTimeout = TimeSpan.FromSeconds(1), MaxRequestBodyBytes = 1024 * 1024 }
        );
        await using var _s = server;

        Assert.Equal(
            431,
            (int)
                (
                    await Send(server, "limits.localhost", "/", q => q.Headers.Add("X-Big", new string('a', 8200)))
                ).StatusCode
        );
        Assert.Equal(
            431,
            (int)
                (
                    await Send(
                        server,
                        "limits.localhost",
                        "/",
                        q =>
                        {
                            for (var i = 0; i < 10; i++)
                                q.Headers.Add($"X-Part-{i}", new string('b', 7000));
                        }
                    )
                ).StatusCode
        );
        Assert.Equal(
            200,
            (int)
                (
                    await Send(server, "limits.localhost", "/", q => q.Headers.Add("X-Fine", new string('c', 8000)))
                ).StatusCode
        );
        Assert.Equal(414, (int)(await Send(server, "limits.localhost", "/?q=" + new string('d', 9000))).StatusCode);

        var tooBig = await Send(
            server,
            "limits.localhost",
            "/echo-body",
            q => q.Content = new ByteArrayContent(new byte[2 * 1024 * 1024]),
            HttpMethod.Post
        );
        Assert.Equal(413, (int)tooBig.StatusCode);
        var chunked = await Send(
            server,
            "limits.localhost",
            "/echo-body",
            q => q.Content = new StreamContent(new ChunkedBody(2 * 1024 * 1024)),
            HttpMethod.Post
        );
        Assert.Equal(413, (int)chunked.StatusCode);
        var fits = await Send(
            server,
            "limits.localhost",
            "/echo-body",
            q => q.Content = new ByteArrayContent(new byte[512 * 1024]),
            HttpMethod.Post
        );
        Assert.Equal("524288", await fits.Content.ReadAsStringAsync());

        Assert.Equal(504, (int)(await Send(server, "limits.localhost", "/slow?s=3")).StatusCode);

        var acme = Path.Combine(server.DataDir, "acme-challenge");
        Directory.CreateDirectory(acme);
        File.WriteAllText(Path.Combine(acme, "tok-123"), "tok-123.keyauth");
        var challenge = await Send(server, "limits.localhost", "/.well-known/acme-challenge/tok-123");
        Assert.Equal("tok-123.keyauth", await challenge.Content.ReadAsStringAsync());
        Assert.Equal(
            404,
            (int)(await Send(server, "limits.localhost", "/.well-known/acme-challenge/other")).StatusCode
        );

        Assert.Equal(404, (int)(await Send(server, "nosuchapp.localhost", "/")).StatusCode);
        Assert.Equal(404, (int)(await Send(server, "www.unknown-host.test", "/")).StatusCode);
        var stage = await Send(server, "stg-limits.localhost", "/");
        Assert.Equal(503, (int)stage.StatusCode);
        // Never deployed: it says so and how, not "try again in a few seconds".
        Assert.Contains(
            "has no release yet: deploy one with git push engine stage",
            await stage.Content.ReadAsStringAsync()
        );

        await Send(server, "limits.localhost", "/stop-listening");
        var refused = await Poll.UntilAsync(
            async () =>
                (await Send(server, "limits.localhost", "/")) is { StatusCode: HttpStatusCode.BadGateway } r ? r : null,
            TimeSpan.FromSeconds(10),
            "a 502"
        );
        Assert.Equal(502, (int)refused.StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task OversizedBodies_Get413_WhileTheClientIsStillSending_AndTheConnectionStaysUsable()
    {
        var (server, _) = await ServeControlAppAsync("bodies", o => o with { MaxRequestBodyBytes = 1024 * 1024 });
        await using var _s = server;

        // The client is still sending when the router answers; it must read the 413, not a reset
        // (this failed about one time in five when Kestrel's own limit closed the connection).
        for (var i = 0; i < 20; i++)
        {
            var chunked = await Send(
                server,
                "bodies.localhost",
                "/echo-body",
                q => q.Content = new StreamContent(new ChunkedBody(4 * 1024 * 1024)),
                HttpMethod.Post
            );
            Assert.Equal(413, (int)chunked.StatusCode);
            Assert.Contains("larger than 1 MiB", await chunked.Content.ReadAsStringAsync());
            var declared = await Send(
                server,
                "bodies.localhost",
                "/echo-body",
                q => q.Content = new ByteArrayContent(new byte[4 * 1024 * 1024]),
                HttpMethod.Post
            );
            Assert.Equal(413, (int)declared.StatusCode);
        }
        var fits = await Send(
            server,
            "bodies.localhost",
            "/echo-body",
            q => q.Content = new StreamContent(new ChunkedBody(1024 * 1024)),
            HttpMethod.Post
        );
        Assert.Equal("1048576", await fits.Content.ReadAsStringAsync());
    }

    [Fact(Timeout = 120_000)]
    public async Task WebSockets_PassThroughTheRouter()
    {
        var (server, _) = await ServeControlAppAsync("sockets");
        await using var _s = server;

        using var ws = new ClientWebSocket();
        ws.Options.SetRequestHeader("Host", $"sockets.localhost:{server.Port}");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await ws.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/ws"), cts.Token);
        foreach (var text in new[] { "hello", new string('x', 300) })
        {
            await ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cts.Token);
            var buffer = new byte[4096];
            var got = await ws.ReceiveAsync(buffer, cts.Token);
            Assert.Equal(text, Encoding.UTF8.GetString(buffer, 0, got.Count));
        }
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
    }

    [Fact(Timeout = 120_000)]
    public async Task Compression_ForCompressibleResponses_WhenTheClientAsks_AndNeverTwice()
    {
        var (server, _) = await ServeControlAppAsync("squeeze");
        await using var _s = server;

        foreach (var encoding in new[] { "gzip", "br" })
        {
            using var r = await Send(
                server,
                "squeeze.localhost",
                "/big",
                q => q.Headers.Add("Accept-Encoding", encoding)
            );
            Assert.Equal(encoding, r.Content.Headers.ContentEncoding.Single());
            var raw = await r.Content.ReadAsByteArrayAsync();
            Assert.True(raw.Length < 5000, $"{encoding}: {raw.Length} bytes");
            using var decoded = new StreamReader(
                encoding == "gzip"
                    ? new GZipStream(new MemoryStream(raw), CompressionMode.Decompress)
                    : new BrotliStream(new MemoryStream(raw), CompressionMode.Decompress)
            );
            Assert.StartsWith("lorem ipsum", decoded.ReadToEnd());
        }
        using var plain = await Send(server, "squeeze.localhost", "/big");
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(27000, (await plain.Content.ReadAsByteArrayAsync()).Length);

        using var already = await Send(
            server,
            "squeeze.localhost",
            "/gzipped",
            q => q.Headers.Add("Accept-Encoding", "br, gzip")
        );
        Assert.Equal("gzip", already.Content.Headers.ContentEncoding.Single());
        var body = await already.Content.ReadAsByteArrayAsync();
        using var once = new StreamReader(new GZipStream(new MemoryStream(body), CompressionMode.Decompress));
        Assert.StartsWith("already compressed", once.ReadToEnd());
    }

    [Fact(Timeout = 180_000)]
    public async Task Domains_RouteToTheirAppAndEnvironment_StgToStage_ClashesRefused()
    {
        var (server, repo) = await ServeControlAppAsync("owner");
        await using var _s = server;
        (await repo.PushAsync("HEAD:stage")).ShouldSucceed();
        await server.CreateAppAsync("rival");

        var added = await server.Http.PostAsJsonAsync("/api/apps/owner/domains", new { domain = "www.owner.test" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var staged = await ReleaseManagementTests.Json(
            await server.Http.PostAsJsonAsync("/api/apps/owner/domains", new { domain = "stg-owner.test" }),
            HttpStatusCode.Created
        );
        Assert.Equal("stage", staged.GetProperty("env").GetString());

        var clash = await server.Http.PostAsJsonAsync("/api/apps/rival/domains", new { domain = "WWW.owner.test." });
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Contains("belongs to another app (owner)", await clash.Content.ReadAsStringAsync());
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await server.Http.PostAsJsonAsync("/api/apps/rival/domains", new { domain = "x.localhost" })).StatusCode
        );

        var prod = Headers(await (await Send(server, "www.owner.test", "/headers")).Content.ReadAsStringAsync());
        Assert.Equal("www.owner.test:" + server.Port, prod["host"]);
        Assert.Contains("tag=", await (await Send(server, "www.owner.test", "/")).Content.ReadAsStringAsync());
        var stageTag = (await server.Http.GetFromJsonAsync<JsonElement>("/api/apps/owner"))
            .GetProperty("stage")
            .GetString();
        Assert.Contains(
            $"tag={stageTag}",
            await (await Send(server, "stg-owner.test", "/")).Content.ReadAsStringAsync()
        );
        // the apps domain names always work
        Assert.Equal(200, (int)(await Send(server, "owner.localhost", "/")).StatusCode);

        var listed = await server.Http.GetFromJsonAsync<JsonElement>("/api/apps/owner/domains");
        Assert.Equal(
            ["stg-owner.test", "www.owner.test"],
            listed.EnumerateArray().Select(d => d.GetProperty("domain").GetString())
        );
        Assert.Equal(
            HttpStatusCode.OK,
            (await server.Http.DeleteAsync("/api/apps/owner/domains/www.owner.test")).StatusCode
        );
        Assert.Equal(404, (int)(await Send(server, "www.owner.test", "/")).StatusCode);
    }

    /// <summary>A request body sent chunked (no Content-Length).</summary>
    private sealed class ChunkedBody(int size) : MemoryStream(new byte[size])
    {
        public override bool CanSeek => false;
    }
}

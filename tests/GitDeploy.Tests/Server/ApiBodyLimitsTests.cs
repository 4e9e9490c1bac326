using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GitDeploy.Deploys.Webhooks;
using GitDeploy.Server.Api;
using GitDeploy.Tests.Infrastructure;
using GitDeploy.Tests.Webhooks;

namespace GitDeploy.Tests.Server;

/// <summary>Hostile JSON bodies to the API and to webhooks: answered 400/413 with a message naming the limit.</summary>
public class ApiBodyLimitsTests
{
    private static string Nested(int depth) => "{\"extra\":" + new string('[', depth) + new string(']', depth) + "}";

    private static async Task<string> ErrorAsync(HttpResponseMessage r, HttpStatusCode expected)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"expected {(int)expected}, got {(int)r.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("error").GetString()!;
    }

    private static HttpRequestMessage Patch(string path, HttpContent content) =>
        new(HttpMethod.Patch, path) { Content = content };

    [Fact(Timeout = 60_000)]
    public async Task DeeplyNestedJsonToTheApi_Is400NamingTheDepthLimit()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("nested");

        var content = new StringContent(Nested(100_000), Encoding.UTF8, "application/json");
        using var r = await server.Http.SendAsync(Patch("/api/apps/nested/config", content));

        var error = await ErrorAsync(r, HttpStatusCode.BadRequest);
        Assert.True(error.Contains($"nested deeper than the API's limit of {ApiBodyLimits.MaxDepth} levels"), error);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/api/apps/nested")).StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task JsonOfTheWrongShape_Is400WithAMessage()
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("shape");

        var content = new StringContent("{\"set\": [1, 2", Encoding.UTF8, "application/json");
        using var r = await server.Http.SendAsync(Patch("/api/apps/shape/config", content));

        Assert.Contains("not the JSON this endpoint takes", await ErrorAsync(r, HttpStatusCode.BadRequest));
    }

    [Theory(Timeout = 60_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ApiBodyOverTheSizeLimit_Is413NamingIt_DeclaredOrChunked(bool declared)
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("big");
        var json = "{\"set\":{\"BIG\":\"" + new string('x', (int)ApiBodyLimits.MaxBytes + 10) + "\"}}";

        HttpContent content = declared
            ? new StringContent(json, Encoding.UTF8, "application/json")
            : new PushStreamContent(json);
        using var r = await server.Http.SendAsync(Patch("/api/apps/big/config", content));

        var error = await ErrorAsync(r, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains($"larger than the API's limit of {ApiBodyLimits.MaxBytes} bytes", error);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("github")]
    [InlineData("gitlab")]
    public async Task DeeplyNestedJsonToAWebhook_Is400NamingTheDepthLimit(string provider)
    {
        await using var server = await TestServer.StartAsync();
        await server.CreateAppAsync("hooked");
        var settings = new { url = "https://example.com/t/w.git", provider, secret = WebhookSignatureTests.Secret };
        await WebhookApi.SetSourceAsync(server, "hooked", settings);
        using var hooks = new WebhookClient(server);

        var body = "{\"ref\":\"refs/heads/main\",\"x\":" + new string('[', 100_000) + new string(']', 100_000) + "}";
        using var r = await hooks.DeliverAsync(provider, "hooked", body, WebhookSignatureTests.Secret);

        var error = await ErrorAsync(r, HttpStatusCode.BadRequest);
        Assert.Contains($"nested deeper than the limit of {WebhookPayloads.MaxDepth} levels", error);
        Assert.Empty(await WebhookApi.DeploysAsync(server, "hooked"));
    }

    /// <summary>A body of unknown length (Transfer-Encoding: chunked).</summary>
    private sealed class PushStreamContent : HttpContent
    {
        private readonly string text;

        public PushStreamContent(string text)
        {
            this.text = text;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken ct) =>
            stream.Write(Encoding.UTF8.GetBytes(text));
    }
}

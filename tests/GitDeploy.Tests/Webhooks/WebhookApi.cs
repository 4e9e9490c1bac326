using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Webhooks;

/// <summary>The API side of webhook tests: source settings, deploys, their logs; and the gitdeploy
/// executable.</summary>
public static class WebhookApi
{
    public static async Task<JsonElement> SetSourceAsync(TestServer server, string app, object settings)
    {
        using var r = await server.Http.PutAsJsonAsync($"/api/apps/{app}/source", settings);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"setting the source of {app}: {(int)r.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(
            r.Content.Headers.ContentType?.MediaType == "application/json",
            $"expected JSON, got {(int)r.StatusCode} {text}"
        );
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(TestServer server, string path)
    {
        using var r = await server.Http.GetAsync(path);
        Assert.True(r.IsSuccessStatusCode, $"GET {path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return await JsonAsync(r);
    }

    public static async Task<IReadOnlyList<JsonElement>> DeploysAsync(TestServer server, string app) =>
        (await GetJsonAsync(server, $"/api/apps/{app}/deploys")).EnumerateArray().ToList();

    /// <summary>Polls the deploy resource until the deploy has ended.</summary>
    public static async Task<JsonElement> EndedAsync(TestServer server, string deployPath, int seconds = 150)
    {
        var ended = await Poll.UntilAsync<JsonElement?>(
            async () =>
            {
                var d = await GetJsonAsync(server, deployPath);
                return d.GetProperty("status").GetString() is "succeeded" or "failed" ? d : null;
            },
            TimeSpan.FromSeconds(seconds),
            $"deploy {deployPath} to end"
        );
        return ended!.Value;
    }

    public static async Task<string> LogAsync(TestServer server, string deployPath, bool follow = false) =>
        await server.Http.GetStringAsync(deployPath + "/log" + (follow ? "?follow=true" : ""));

    public static async Task<(int Exit, string Out, string Err)> GitdeployAsync(
        TestServer server,
        string? stdin,
        params string[] args
    ) =>
        await GitdeployCli.RunAsAsync(server, TestServer.Token, stdin, args) is var r
            ? (r.Exit, r.Out, r.Err)
            : default;
}

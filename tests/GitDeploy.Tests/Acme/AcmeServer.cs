using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Server.Acme;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Acme;

/// <summary>A test server with http:// and https:// listeners whose ACME CA is the test's pebble.</summary>
public static class AcmeServer
{
    public const string Email = "ops@example.com";

    public static Task<TestServer> StartAsync(Pebble pebble,
        string? dataDir = null) => TestServer.StartAsync(o => o with
    {
        DataDir = dataDir ?? o.DataDir,
        Urls = "http://127.0.0.1:0;https://127.0.0.1:0",
        Acme = new AcmeOptions { DirectoryUrl = pebble.DirectoryUrl, Email = Email, CaFile = pebble.CaFile },
    });

    /// <summary>The domain as `domains list --json` shows it.</summary>
    public static async Task<JsonElement> DomainAsync(TestServer server, string app, string domain)
    {
        var all = await server.Http.GetFromJsonAsync<JsonElement>($"/api/apps/{app}/domains");
        return all.EnumerateArray().Single(d => d.GetProperty("domain").GetString() == domain);
    }

    /// <summary>Waits until the domain's certificate is one valid until later than <paramref name="after"/>.</summary>
    public static async Task<JsonElement> WaitForCertificateAsync(TestServer server, string app, string domain,
        DateTimeOffset? after = null, int seconds = 90)
    {
        JsonElement found = default;
        await Poll.UntilAsync<object>(async () =>
        {
            var d = await DomainAsync(server, app, domain);
            var expires = d.GetProperty("expiresAt");
            if (expires.ValueKind != JsonValueKind.String) return null;
            if (after is not null && expires.GetDateTimeOffset() <= after) return null;
            found = d;
            return true;
        }, TimeSpan.FromSeconds(seconds), $"a certificate for {domain}");
        return found;
    }

    /// <summary>The server's own log so far.</summary>
    public static string ServerLog(TestServer server)
    {
        var dir = Path.Combine(server.DataDir, "logs");
        return string.Join('\n', Directory.EnumerateFiles(dir, "server-*.log").Select(f =>
        {
            using var s = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(s).ReadToEnd();
        }));
    }

    public static async Task<string> HistoryAsync(TestServer server, string app) =>
        await server.Http.GetStringAsync($"/api/apps/{app}/history");
}

using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GitDeploy.Isolation.Processes;
using GitDeploy.Runtime.Processes;
using GitDeploy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>
/// Floods that used to be held whole in memory, against the real `gitdeploy serve` process (the
/// in-process TestServer would share the test runner's memory): its RSS, read from /proc, stays
/// under 400 MB during the flood and comes back near its idle size afterwards.
/// </summary>
public class HostileLoadTests(ITestOutputHelper output)
{
    private const long MaxRssMiB = 400;
    private const long SettleMiB = 150;

    private static async Task<ServerProcess> ServerWithAppAsync(string app)
    {
        var server = await ServerProcess.StartAsync(TestEnvironment.TempDir("gd-flood"), FreePort.Next());
        using var r = await server.Http.PostAsJsonAsync("/api/apps", new { name = app });
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        return server;
    }

    private async Task AssertBoundedAsync(ServerProcess server, Func<Task> flood)
    {
        var idle = ProcessMemory.RssMiB(server.Pid);
        var peak = await ProcessMemory.PeakDuringAsync(server.Pid, flood);
        output.WriteLine($"idle {idle} MiB, peak {peak} MiB");
        Assert.True(
            peak < MaxRssMiB,
            $"the server's RSS reached {peak} MiB during the flood (idle {idle} MiB, limit {MaxRssMiB})"
        );
        await Poll.UntilAsync(
            () => ProcessMemory.RssMiB(server.Pid) < idle + SettleMiB,
            TimeSpan.FromSeconds(60),
            $"the server's RSS to come back within {SettleMiB} MiB of its idle {idle} MiB "
                + $"(now {ProcessMemory.RssMiB(server.Pid)} MiB)"
        );
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/api/apps")).StatusCode);
    }

    [Fact(Timeout = 300_000)]
    public async Task TwelveConcurrentGzipBodiesInflatingTo63MB_KeepTheServerUnder400MB()
    {
        using var server = await ServerWithAppAsync("zipped");
        // A branch that deploys nothing, so that git has a commit to be asked for.
        var work = await GitClient.InitAsync(TestEnvironment.TempDir("gd-work"));
        File.WriteAllText(Path.Combine(work.WorkDir, "README"), "x\n");
        await work.CommitAllAsync("one commit");
        var url = $"http://x:{TestServer.Token}@127.0.0.1:{server.Port}/zipped.git";
        (await work.RunAsync("push", url, "main:stored")).ShouldSucceed();
        var head = (await work.RunAsync("rev-parse", "HEAD")).Output.Trim();

        // Twelve git processes reading 63 MB each share two cores (and, in CI, other tests): what is bounded
        // here is the server's memory, not how long git takes, so a request may take longer than the default 30 s.
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = server.Http.BaseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        };
        http.DefaultRequestHeaders.Authorization = server.Http.DefaultRequestHeaders.Authorization;
        // Zeros (git stops at the first flush packet) and endless wants (git reads every byte).
        foreach (var unit in new[] { new byte[1024], GitDeploy.Git.GitHttp.PktLine.Encode($"want {head}\n") })
        {
            var body = Gzip(unit, 63L * 1024 * 1024);
            Assert.InRange(body.Length, 30_000, 256 * 1024); // zeros: ~61 KB on the wire; wants: ~190 KB
            await AssertBoundedAsync(
                server,
                () =>
                    Task.WhenAll(
                        Enumerable
                            .Range(0, 12)
                            .Select(async _ =>
                            {
                                var content = new ByteArrayContent(body);
                                content.Headers.ContentType = new MediaTypeHeaderValue(
                                    "application/x-git-upload-pack-request"
                                );
                                content.Headers.ContentEncoding.Add("gzip");
                                using var r = await http.PostAsync("/zipped.git/git-upload-pack", content);
                                await r.Content.ReadAsByteArrayAsync();
                            })
                    )
            );
        }
    }

    private static byte[] Gzip(byte[] unit, long inflated)
    {
        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.SmallestSize, leaveOpen: true))
            for (long written = 0; written + unit.Length <= inflated; written += unit.Length)
                z.Write(unit);
        return gz.ToArray();
    }

    [Fact(Timeout = 300_000)]
    public async Task SixteenConcurrentUnsigned25MBWebhookBodies_KeepTheServerUnder400MB()
    {
        using var server = await ServerWithAppAsync("hooked");
        using (
            var set = await server.Http.PutAsJsonAsync(
                "/api/apps/hooked/source",
                new
                {
                    url = "https://example.com/t/w.git",
                    provider = "github",
                    secret = "a-webhook-secret-of-24ch",
                }
            )
        )
            Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        var body = new byte[25 * 1024 * 1024];
        Array.Fill(body, (byte)' ');
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = server.Http.BaseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        };

        // Unsigned ones are refused before their body is read; wrongly signed ones are read in bounded slots.
        foreach (var signature in new[] { null, "sha256=" + new string('0', 64) })
            await AssertBoundedAsync(
                server,
                () =>
                    Task.WhenAll(
                        Enumerable
                            .Range(0, 16)
                            .Select(async _ =>
                            {
                                using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github/hooked")
                                {
                                    Content = new ByteArrayContent(body),
                                };
                                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                                request.Headers.Add("X-GitHub-Event", "push");
                                if (signature is not null)
                                    request.Headers.Add("X-Hub-Signature-256", signature);
                                using var r = await client.SendAsync(request);
                                Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
                            })
                    )
            );
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>The opt-in persistent directory: kept across deploys, rollbacks and server restarts, shared, within its
/// quota.</summary>
public class PersistentDirectoryTests
{
    private const string Keeper = """
        import errno, http.server, os, urllib.parse
        root = os.environ["PERSISTENT_DIR"]
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                u = urllib.parse.urlparse(self.path); q = dict(urllib.parse.parse_qsl(u.query))
                who = os.environ["LEANCLOUD_APP_INSTANCE"]
                try:
                    if u.path == "/write":
                        with open(os.path.join(root, q["name"]), "w") as f: f.write(q["text"])
                        body = "wrote"
                    elif u.path == "/read":
                        with open(os.path.join(root, q["name"])) as f: body = f.read()
                    elif u.path == "/fill":
                        with open(os.path.join(root, "big"), "wb") as f:
                            for _ in range(64): f.write(b"x" * (1 << 20)); f.flush(); os.fsync(f.fileno())
                        body = "filled"
                    else:
                        body = os.environ["LEANCLOUD_VERSION_TAG"]
                except OSError as e:
                    body = "error " + errno.errorcode.get(e.errno, str(e.errno))
                data = ("%s %s" % (who, body)).encode()
                self.send_response(200); self.send_header("Content-Length", str(len(data))); self.end_headers()
                self.wfile.write(data)
        http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["LEANCLOUD_APP_PORT"])), H).serve_forever()
        """;

    [Fact(Timeout = 400_000)]
    public async Task PersistentDirectory_SurvivesDeployRollbackAndRestart_IsShared_AndFullIsReported()
    {
        var data = TestEnvironment.TempDir("gd-persist");
        string v1;
        await using (var server = await TestServer.StartAsync(o => o with { DataDir = data }))
        {
            await server.CreateAppAsync("keeper");
            var on = await server.Http.PatchAsJsonAsync("/api/apps/keeper/persistent", new { quota = "20M" });
            Assert.True(on.IsSuccessStatusCode, await on.Content.ReadAsStringAsync());
            var repo = await AppRepo.CreateAsync(
                server,
                "keeper",
                dir =>
                    SampleApps.Write(
                        dir,
                        new Dictionary<string, string>
                        {
                            ["serve.py"] = Keeper,
                            ["requirements.txt"] = "# none",
                            ["leanengine.yaml"] = "run: exec python serve.py",
                        }
                    ),
                createApp: false
            );
            (await repo.PushAsync()).ShouldSucceed();
            v1 = Body(await server.GetAppTextAsync("keeper.localhost"));
            Assert.Equal("wrote", Body(await server.GetAppTextAsync("keeper.localhost", "/write?name=a&text=kept")));

            await repo.ChangeAsync("note.txt", "v2");
            (await repo.PushAsync()).ShouldSucceed();
            Assert.NotEqual(v1, Body(await server.GetAppTextAsync("keeper.localhost")));
            Assert.Equal("kept", Body(await server.GetAppTextAsync("keeper.localhost", "/read?name=a")));

            var back = await server.Http.PostAsJsonAsync("/api/apps/keeper/rollback", new { tag = v1 });
            Assert.True(back.IsSuccessStatusCode, await back.Content.ReadAsStringAsync());
            Assert.Equal(v1, Body(await server.GetAppTextAsync("keeper.localhost")));
            Assert.Equal("kept", Body(await server.GetAppTextAsync("keeper.localhost", "/read?name=a")));

            var scale = await server.Http.PostAsJsonAsync("/api/apps/keeper/scale", new { count = 2 });
            Assert.True(scale.IsSuccessStatusCode, await scale.Content.ReadAsStringAsync());
            var readers = new HashSet<string>();
            for (var i = 0; i < 40 && readers.Count < 2; i++)
            {
                var reply = await server.GetAppTextAsync("keeper.localhost", "/read?name=a");
                Assert.Equal("kept", Body(reply));
                readers.Add(reply.Split(' ')[0]);
            }
            Assert.Equal(["web1", "web2"], readers.Order());

            var info = await server.Http.GetFromJsonAsync<JsonElement>("/api/apps/keeper/persistent");
            Assert.Equal(20L << 20, info.GetProperty("production").GetProperty("quotaBytes").GetInt64());
            Assert.True(info.GetProperty("production").GetProperty("usedBytes").GetInt64() > 0);
            Assert.False(info.GetProperty("stage").GetProperty("enabled").GetBoolean());

            Assert.Equal("error ENOSPC", Body(await server.GetAppTextAsync("keeper.localhost", "/fill")));
            await Poll.UntilAsync(
                async () =>
                    (await server.Http.GetStringAsync("/api/apps/keeper/logs?n=200")).Contains(
                        "the persistent directory is full"
                    ),
                TimeSpan.FromSeconds(20),
                "the app's log to say the directory is full"
            );
            Assert.Equal("kept", Body(await server.GetAppTextAsync("keeper.localhost", "/read?name=a")));
        }

        await using var again = await TestServer.StartAsync(o => o with { DataDir = data });
        var after = await Poll.UntilAsync(
            async () =>
            {
                using var r = await again.GetAppAsync("keeper.localhost", "/read?name=a");
                return r.IsSuccessStatusCode ? await r.Content.ReadAsStringAsync() : null;
            },
            TimeSpan.FromSeconds(60),
            "the app to come back after the server restart"
        );
        Assert.Equal("kept", Body(after));
    }

    private static string Body(string reply) => reply[(reply.IndexOf(' ') + 1)..];
}

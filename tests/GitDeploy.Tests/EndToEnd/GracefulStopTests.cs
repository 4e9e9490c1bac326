using System.Diagnostics;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>
/// A replaced instance that served traffic through the router exits by itself on SIGTERM, and as soon as
/// the router has no request left for it: the drain period is a maximum, not a wait.
/// </summary>
public class GracefulStopTests
{
    private const string TermHandlingServer = """
        import http.server, os, signal, sys
        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_GET(self):
                body = b"served"
                self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
                self.wfile.write(body)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["LEANCLOUD_APP_PORT"])), H)
        def bye(signum, frame):
            print("got SIGTERM, exiting cleanly", flush=True)
            os._exit(0)
        signal.signal(signal.SIGTERM, bye)
        server.serve_forever()
        """;

    [Fact(Timeout = 240_000)]
    public async Task GunicornThatServedThroughTheRouter_ExitsZeroOnSigterm_LongBeforeTheDrainMaximum()
    {
        await using var server = await TestServer.StartAsync(o =>
            o with
            {
                DrainPeriod = TimeSpan.FromSeconds(30),
                StopGracePeriod = TimeSpan.FromSeconds(10),
            }
        );
        var repo = await AppRepo.CreateAsync(server, "graceful", dir => SampleApps.Flask(dir));
        (await repo.PushAsync()).ShouldSucceed();
        // Kept-alive upstream connections: what gunicorn waits on after SIGTERM unless the router closes them.
        for (var i = 0; i < 20; i++)
            await server.GetAppTextAsync("graceful.localhost");

        await RestartAndExpectCleanExitAsync(server, "graceful");
    }

    [Fact(Timeout = 240_000)]
    public async Task RunCommandWithoutExec_GetsItsSigterm_AndExitsZero()
    {
        await using var server = await TestServer.StartAsync(o =>
            o with
            {
                DrainPeriod = TimeSpan.FromSeconds(30),
                StopGracePeriod = TimeSpan.FromSeconds(10),
            }
        );
        var repo = await AppRepo.CreateAsync(
            server,
            "shelled",
            dir =>
                SampleApps.Write(
                    dir,
                    new Dictionary<string, string>
                    {
                        ["serve.py"] = TermHandlingServer,
                        ["requirements.txt"] = "# none",
                        // No exec: sh stays between the sandbox's init and python, and must not take python down with
                        // it.
                        ["leanengine.yaml"] = "run: python serve.py",
                    }
                )
        );
        (await repo.PushAsync()).ShouldSucceed();
        for (var i = 0; i < 5; i++)
            Assert.Equal("served", await server.GetAppTextAsync("shelled.localhost"));

        var logs = await RestartAndExpectCleanExitAsync(server, "shelled");
        Assert.Contains("got SIGTERM, exiting cleanly", logs);
    }

    private static async Task<string> RestartAndExpectCleanExitAsync(TestServer server, string app)
    {
        var restart = await server.Http.PostAsync($"/api/apps/{app}/restart", null);
        Assert.True(restart.IsSuccessStatusCode, await restart.Content.ReadAsStringAsync());
        var logs = await Poll.UntilAsync(
            async () =>
            {
                var text = await server.Http.GetStringAsync($"/api/apps/{app}/logs?n=300");
                return text.Contains(" stopped (exit ") ? text : null;
            },
            TimeSpan.FromSeconds(25),
            "the replaced instance to stop"
        );
        var stopped = string.Join(
            '\n',
            logs.Split('\n').Where(l => l.Contains(" stopped (exit ") || l.Contains("SIG"))
        );
        Assert.True(logs.Contains("stopped (exit code 0)"), "the replaced instance did not exit 0:\n" + stopped);
        Assert.DoesNotContain("SIGKILL", logs);
        Assert.Equal(200, (int)(await server.GetAppAsync($"{app}.localhost")).StatusCode);
        return logs;
    }
}

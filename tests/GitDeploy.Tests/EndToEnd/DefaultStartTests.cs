using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>
/// The default start (no run:) as an app sees it: gunicorn with threads, so one worker serves
/// several requests at once, and connections that stay open, so the router reuses them.
/// </summary>
public class DefaultStartTests
{
    private const string Wsgi = """
        import os, threading, time
        lock = threading.Lock()
        state = {"now": 0, "max": 0}

        def application(environ, start_response):
            path = environ.get("PATH_INFO", "/")
            if path == "/slow":
                with lock:
                    state["now"] += 1
                    state["max"] = max(state["max"], state["now"])
                time.sleep(0.5)
                with lock:
                    state["now"] -= 1
                body = "%d %d" % (os.getpid(), state["max"])
            elif path == "/peer":
                body = "%d:%s" % (os.getpid(), environ.get("REMOTE_PORT"))
            else:
                body = "ok"
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [body.encode()]
        """;

    [Fact(Timeout = 180_000)]
    public async Task DefaultStart_KeepsTheRoutersConnectionsOpen_AndServesConcurrentRequestsInOneWorker()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "threads",
            d =>
                SampleApps.Write(
                    d,
                    new Dictionary<string, string> { ["wsgi.py"] = Wsgi, ["requirements.txt"] = "# no dependencies" }
                )
        );
        (await repo.PushAsync()).ShouldSucceed();

        // One after another, the requests reach the app over one upstream connection (same worker, same peer port).
        var peers = new List<string>();
        for (var i = 0; i < 5; i++)
            peers.Add(await server.GetAppTextAsync("threads.localhost", "/peer"));
        Assert.True(
            peers.Distinct().Count() == 1,
            "the router opened a connection per request: " + string.Join(", ", peers)
        );

        // Eight at once: a worker holds several of them at the same time (a sync worker holds one).
        var answers = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(_ => server.GetAppTextAsync("threads.localhost", "/slow"))
        );
        var most = answers.Max(a => int.Parse(a.Split(' ')[1]));
        Assert.True(most >= 2, "no worker served two requests at once: " + string.Join(", ", answers));
    }
}

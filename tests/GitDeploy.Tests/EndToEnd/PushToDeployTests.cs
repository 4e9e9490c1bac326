using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>
/// git push → build → release → served through the router, with real git, pyenv, pip and gunicorn.
/// </summary>
public class PushToDeployTests
{
    [Fact(Timeout = 180_000)]
    public async Task Push_FlaskAppOnPython310_IsServedThroughTheRouterWithItsVersionTag()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "flaskapp", dir => SampleApps.Flask(dir, "3.10"));

        var push = (await repo.PushAsync()).ShouldSucceed();

        Assert.Contains("remote: -----> Detecting app", push.Output);
        Assert.Contains("Python 3.10.13", push.Output);
        Assert.Contains("is live on production", push.Output);
        var tag = Assert.Single(await TagsAsync(repo));
        Assert.Matches(@"^\d{8}-\d{6}$", tag);
        Assert.Equal($"flask says hi from {tag}\n", await server.GetAppTextAsync("flaskapp.localhost"));
        Assert.Equal(tag, await server.GetAppTextAsync("flaskapp.localhost", "/env/LEANCLOUD_VERSION_TAG"));
        Assert.Equal("production", await server.GetAppTextAsync("flaskapp.localhost", "/env/LEANCLOUD_APP_ENV"));
        Assert.Equal("Asia/Shanghai", await server.GetAppTextAsync("flaskapp.localhost", "/env/TZ"));
        Assert.Equal(
            await server.GetAppTextAsync("flaskapp.localhost", "/env/LEANCLOUD_APP_ID"),
            await server.GetAppTextAsync("flaskapp.localhost", "/env/LC_APP_ID")
        );
        Assert.Equal("<unset>", await server.GetAppTextAsync("flaskapp.localhost", "/env/GITDEPLOY_HOOK_TOKEN"));
    }

    [Fact(Timeout = 180_000)]
    public async Task Push_DependencyFreeAppWithoutPythonVersion_RunsOnTheNewestInstalledPython()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "plain", SampleApps.Plain);

        var push = (await repo.PushAsync()).ShouldSucceed();

        Assert.Contains("no .python-version: using the newest installed", push.Output);
        var body = await server.GetAppTextAsync("plain.localhost");
        Assert.Matches(@"^plain \d{8}-\d{6} on 3\.\d+$", body);
    }

    [Fact(Timeout = 180_000)]
    public async Task Push_AppWithRunCommand_ListensOnLeancloudAppPortItself()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "runner",
            dir =>
                SampleApps.Write(
                    dir,
                    new Dictionary<string, string>
                    {
                        ["requirements.txt"] = "",
                        [".python-version"] = "3.12",
                        ["leanengine.yaml"] =
                            "run: python serve.py --port $LEANCLOUD_APP_PORT --greeting "
                            + "\"${LEANCLOUD_APP_ENV}-ok\"",
                        ["serve.py"] = """
                        import argparse, http.server
                        p = argparse.ArgumentParser(); p.add_argument("--port", type=int); p.add_argument("--greeting")
                        a = p.parse_args()
                        class H(http.server.BaseHTTPRequestHandler):
                            def do_GET(self):
                                body = a.greeting.encode()
                                self.send_response(200); self.send_header("Content-Length", str(len(body)))
                                self.end_headers(); self.wfile.write(body)
                        http.server.HTTPServer(("127.0.0.1", a.port), H).serve_forever()
                        """,
                    }
                )
        );

        (await repo.PushAsync()).ShouldSucceed();

        Assert.Equal("production-ok", await server.GetAppTextAsync("runner.localhost"));
    }

    [Fact(Timeout = 240_000)]
    public async Task SecondPush_ReplacesTheReleaseAndReusesTheCachedEnvironment()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "twice", dir => SampleApps.Flask(dir));
        var first = (await repo.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed();
        Assert.Contains("Successfully installed", first.Output);
        var v1 = await server.GetAppTextAsync("twice.localhost");

        await repo.ChangeAsync("wsgi.py", SampleApps.FlaskWsgi.Replace("flask says hi", "flask v2"), "v2");
        var second = (await repo.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed();

        Assert.Contains("using the cached environment", second.Output);
        Assert.DoesNotContain("pip install", second.Output);
        Assert.DoesNotContain("Successfully installed", second.Output);
        var v2 = await server.GetAppTextAsync("twice.localhost");
        Assert.StartsWith("flask v2 from ", v2);
        Assert.NotEqual(v1[^16..], v2[^16..]);
        Assert.Equal(2, (await TagsAsync(repo)).Count);
    }

    [Fact(Timeout = 240_000)]
    public async Task Push_WithNoCacheOption_RebuildsTheEnvironment()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "nocache", SampleApps.Plain);
        (await repo.PushAsync()).ShouldSucceed();
        await repo.ChangeAsync("README", "again");

        var second = (await repo.PushAsync("-o", "noCache=true", "-o", "colour=blue", "main")).ShouldSucceed();

        Assert.Contains("noCache: building a fresh environment", second.Output);
        Assert.Contains("warning: unknown push option 'colour=blue' ignored", second.Output);
        Assert.Contains("is live on production", second.Output);
    }

    internal static async Task<List<string>> TagsAsync(AppRepo repo)
    {
        var r = (await repo.Git.RunAsync("ls-remote", "--tags", "--refs", "engine")).ShouldSucceed();
        return r
            .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split("refs/tags/")[1].Trim())
            .ToList();
    }
}

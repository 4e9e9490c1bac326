using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>The startup check says what the app answered, and an app can name its own check path.</summary>
public class StartupCheckTests
{
    // "/" needs a login (422 without one); /healthz is the app's own check.
    private const string AuthWsgi = """
        def application(environ, start_response):
            path = environ.get("PATH_INFO", "/")
            if path == "/healthz":
                start_response("200 OK", [("Content-Type", "text/plain")])
                return [b"healthy"]
            if path == "/":
                start_response("422 Unprocessable Entity", [("Content-Type", "text/plain")])
                return [b"log in first"]
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"no such page"]
        """;

    [Fact(Timeout = 240_000)]
    public async Task AppWhoseRootAnswers422_IsToldWhatEachPathAnswered_AndDeploysWithItsOwnCheckPath()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "authroot",
            dir =>
                SampleApps.Write(
                    dir,
                    new Dictionary<string, string>
                    {
                        ["wsgi.py"] = AuthWsgi,
                        ["requirements.txt"] = "",
                        ["leanengine.yaml"] = "startupTimeout: 15",
                    }
                )
        );

        var push = await repo.PushAsync();

        Assert.True(
            push.Output.Contains(
                "GET / answered 422 and GET /__engine/1/ping answered 404: "
                    + "the startup check needs a 2xx from one of them"
            ),
            push.Output
        );
        Assert.Contains("healthCheckPath", push.Output);
        Assert.DoesNotContain("cannot reach", push.Output);

        await repo.ChangeAsync("leanengine.yaml", "startupTimeout: 15\nhealthCheckPath: /healthz");
        var fixedPush = await repo.PushAsync();

        fixedPush.ShouldSucceed();
        Assert.True(fixedPush.Output.Contains("is live on production"), fixedPush.Output);
        Assert.Contains("GET /healthz answered", fixedPush.Output);
        Assert.Equal("healthy", await server.GetAppTextAsync("authroot.localhost", "/healthz"));
    }

    [Fact(Timeout = 120_000)]
    public async Task ProcessThatExitsDuringTheCheck_FailsAtOnce()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "quitter",
            dir =>
                SampleApps.Write(
                    dir,
                    new Dictionary<string, string>
                    {
                        ["requirements.txt"] = "",
                        ["leanengine.yaml"] = "run: sleep 1; exit 4\nstartupTimeout: 60",
                    }
                )
        );

        var push = await repo.PushAsync();

        Assert.Contains("the process exited (code 4) before it answered HTTP", push.Output);
        Assert.DoesNotContain("after 60 s", push.Output); // the exit ended the check, not its timeout
    }
}

using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd.Build;

/// <summary>
/// functionsMode and the cloud-function list Cloud Engine reads after a start
/// (/1.1/functions/_ops/metadatas, with the master key): fatal only in strict mode, never read when disabled.
/// </summary>
public class FunctionsModeTests
{
    [Fact(Timeout = 120_000)]
    public async Task Strict_AppServingPingAndFunctionList_PassesAndItsFunctionsAreListed()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "strictok",
            dir => FrameworkApps.FlaskWithSdk(dir, functions: true, "functionsMode: strict")
        );

        var push = (await repo.PushAsync()).ShouldSucceed();

        Assert.Contains(
            "Instance started: web1 (ping answered; cloud functions: 2 (hello, averageStars))",
            push.Output
        );
        Assert.StartsWith("sdk app ", await server.GetAppTextAsync("strictok.localhost"));
        // asked with the master key: the fixture refuses anything else
        Assert.Contains("metadatas", await server.GetAppTextAsync("strictok.localhost", "/asked"));
    }

    [Fact(Timeout = 120_000)]
    public async Task Strict_AppWithoutPing_FailsItsStartupCheck()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "strictnoping",
            dir =>
            {
                SampleApps.Flask(dir);
                File.WriteAllText(Path.Combine(dir, "leanengine.yaml"), "functionsMode: strict\nstartupTimeout: 15\n");
            }
        );

        var push = await repo.PushAsync();

        Assert.Contains(
            "Instance failed to start: GET /__engine/1/ping answered 404: with functionsMode: strict "
                + "the startup check needs a 2xx from it (for 15 s)",
            push.Output
        );
        Assert.Equal(503, (int)(await server.GetAppAsync("strictnoping.localhost")).StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task Strict_AppWithPingButNoFunctionList_Fails_AndTheLiveReleaseKeepsServing()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "strictnofn",
            dir => FrameworkApps.FlaskWithSdk(dir, functions: false)
        );
        (await repo.PushAsync()).ShouldSucceed();
        var live = await server.GetAppTextAsync("strictnofn.localhost");

        await repo.ChangeAsync("leanengine.yaml", "functionsMode: strict");
        var push = await repo.PushAsync();

        Assert.Contains(
            "Instance failed to start: functionsMode strict: GET /1.1/functions/_ops/metadatas "
                + "with the master key answered HTTP 404",
            push.Output
        );
        Assert.Contains("keeps serving production", push.Output);
        Assert.Equal(live, await server.GetAppTextAsync("strictnofn.localhost"));
    }

    [Fact(Timeout = 120_000)]
    public async Task DefaultMode_AppWithoutFunctions_DeploysAndSaysItHasNone()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "nofunctions",
            dir => FrameworkApps.FlaskWithSdk(dir, functions: false)
        );

        var push = (await repo.PushAsync()).ShouldSucceed();

        const string expected =
            "Instance started: web1 (ping answered; no cloud functions (/1.1/functions/_ops/metadatas: HTTP 404))";
        var started = push
            .Output.Split('\n')
            .Where(l => l.Contains("Instance started") || l.Contains("Starting new"))
            .ToList();
        Assert.True(
            push.Output.Contains(expected),
            $"expected '{expected}', the push said:\n{string.Join("\n", started)}"
        );
        Assert.StartsWith("sdk app ", await server.GetAppTextAsync("nofunctions.localhost"));
    }

    [Fact(Timeout = 120_000)]
    public async Task Disabled_NeverReadsTheFunctionList()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "fndisabled",
            dir => FrameworkApps.FlaskWithSdk(dir, functions: true, "functionsMode: disabled")
        );

        var push = (await repo.PushAsync()).ShouldSucceed();

        var started = push.Output.Split('\n').Where(l => l.Contains("Instance") || l.Contains("startup check"));
        Assert.True(
            push.Output.Contains("Instance started: web1 (ping answered)"),
            "the push said:\n" + string.Join("\n", started)
        );
        var asked = await server.GetAppTextAsync("fndisabled.localhost", "/asked");
        Assert.Contains("ping", asked);
        Assert.DoesNotContain("metadatas", asked);
    }

    [Fact(Timeout = 120_000)]
    public async Task AnEndlessFunctionList_IsReadOnlyUpToItsLimit_AndTheAppDeploys()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "endless",
            dir =>
            {
                SampleApps.Plain(dir);
                File.WriteAllText(
                    Path.Combine(dir, "wsgi.py"),
                    """
                    def application(environ, start_response):
                        start_response("200 OK", [("Content-Type", "application/json")])
                        if environ["PATH_INFO"] != "/1.1/functions/_ops/metadatas":
                            return [b"endless app"]
                        def endless():
                            yield b'{"result": ["'
                            while True:
                                yield b"x" * 65536
                        return endless()
                    """
                );
            }
        );

        var push = (await repo.PushAsync()).ShouldSucceed();

        Assert.Contains("cloud functions: answered with more than 64 KiB; not read", push.Output);
        Assert.Equal("endless app", await server.GetAppTextAsync("endless.localhost"));
    }
}

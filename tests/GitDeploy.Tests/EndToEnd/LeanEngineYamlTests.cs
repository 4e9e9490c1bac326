using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>leanengine.yaml's install:, build: and startupTimeout through a real deploy.</summary>
public class LeanEngineYamlTests
{
    private const string FileServingWsgi = """
        import os
        def application(environ, start_response):
            name = environ.get("PATH_INFO", "/").lstrip("/") or "index.txt"
            body = open(name).read() if os.path.exists(name) else "missing " + name
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [body.encode()]
        """;

    [Fact(Timeout = 180_000)]
    public async Task InstallAndBuildSteps_RunInOrder_InstallSeesOnlyManifests_BuildSeesTheTree()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "steps",
            dir =>
                SampleApps.Write(
                    dir,
                    new Dictionary<string, string>
                    {
                        ["wsgi.py"] = FileServingWsgi,
                        ["requirements.txt"] = "waitress",
                        ["config/settings.txt"] = "from-config",
                        ["leanengine.yaml"] = """
                        install:
                          - {require: [config/]}
                          - echo before-default $(ls | sort | tr '\n' ' ')
                          - {use: default}
                          - python -c "import waitress; print('waitress-installed')"
                        build:
                          - test -f wsgi.py && cat config/settings.txt > built.txt && echo "-built" >> built.txt
                        """,
                    }
                )
        );

        var push = (await repo.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed();

        Assert.True(push.Output.Contains("before-default config requirements.txt"), push.Output);
        Assert.DoesNotContain("wsgi.py", push.Output.Split("before-default ")[1].Split('\n')[0]);
        Assert.Contains("waitress-installed", push.Output);
        Assert.Contains("-----> Running build steps", push.Output);
        Assert.Equal("from-config\n-built\n", await server.GetAppTextAsync("steps.localhost", "/built.txt"));
    }

    [Fact(Timeout = 180_000)]
    public async Task AppThatNeverListens_FailsAfterStartupTimeoutWithCloudEnginesMessage()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "silent",
            dir =>
                SampleApps.Write(
                    dir,
                    new Dictionary<string, string>
                    {
                        ["requirements.txt"] = "",
                        ["leanengine.yaml"] = "run: python -c 'import time; time.sleep(600)'\nstartupTimeout: 15",
                    }
                )
        );

        var push = await repo.PushAsync();

        Assert.Contains("Instance failed to start: cannot reach the app's web port after 15 s", push.Output);
        Assert.Equal(503, (int)(await server.GetAppAsync("silent.localhost")).StatusCode);
    }
}

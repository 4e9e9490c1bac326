using System.Net.Http.Json;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd.Build;

/// <summary>
/// leanengine.yaml keys through real pushes: runtime (nodejs: NodeJsTests), buildRoot,
/// exposeEnvironmentsOnBuild, extraPorts.
/// </summary>
public class LeanEngineKeysTests
{
    [Fact(Timeout = 120_000)]
    public async Task RuntimeWithoutABuildpack_FailsSayingItIsNotSupportedYet()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "goapp",
            dir =>
                SampleApps.Write(
                    dir,
                    new Dictionary<string, string>
                    {
                        ["go.mod"] = "module example.com/goapp\n\ngo 1.22",
                        ["leanengine.yaml"] = "runtime: go",
                    }
                )
        );

        var push = await repo.PushAsync();

        const string said =
            "'runtime' (line 1): runtime 'go' is not supported by this server yet; supported: nodejs, python";
        Assert.Contains(said, push.Output);
        Assert.Contains("Build failed", push.Output);
        Assert.Equal(503, (int)(await server.GetAppAsync("goapp.localhost")).StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task RuntimePython_BuildsWithThePythonBuildpack()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "pyruntime",
            dir =>
            {
                SampleApps.Plain(dir);
                File.WriteAllText(Path.Combine(dir, "leanengine.yaml"), "runtime: python\n");
            }
        );

        var push = (await repo.PushAsync()).ShouldSucceed();

        Assert.Contains("Python (wsgi.py and requirements.txt)", push.Output);
        Assert.StartsWith("plain ", await server.GetAppTextAsync("pyruntime.localhost"));
    }

    /// <summary>Only services/api is uploaded, built and run: its own leanengine.yaml applies, the app starts in it,
    /// the rest of the repository is not there.</summary>
    [Fact(Timeout = 120_000)]
    public async Task BuildRoot_BuildsAndRunsOnlyThatDirectory()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "mono",
            dir =>
                SampleApps.Write(
                    dir,
                    new Dictionary<string, string>
                    {
                        ["leanengine.yaml"] = "buildRoot: services/api",
                        ["wsgi.py"] = "raise SystemExit('the repository root must not be run')",
                        ["requirements.txt"] = "",
                        ["frontend/index.html"] = "<h1>not part of the api</h1>",
                        ["services/api/wsgi.py"] = FrameworkApps.FilesWsgi,
                        ["services/api/requirements.txt"] = "",
                        ["services/api/data.txt"] = "api data",
                        ["services/api/leanengine.yaml"] =
                            "build:\n  - echo \"built in $(basename $PWD) with $(ls | "
                            + "wc -l) entries\" > built.txt\n",
                    }
                )
        );

        var push = (await repo.PushAsync()).ShouldSucceed();

        Assert.Contains("Using buildRoot services/api/: only that directory is built and run", push.Output);
        Assert.Contains("reading services/api/leanengine.yaml", push.Output);
        Assert.Equal("api data", (await server.GetAppTextAsync("mono.localhost", "/files/data.txt")).Trim());
        Assert.Equal(
            "built.txt data.txt leanengine.yaml requirements.txt wsgi.py",
            await server.GetAppTextAsync("mono.localhost", "/ls")
        );
        Assert.StartsWith(
            "built in src with 4 entries",
            await server.GetAppTextAsync("mono.localhost", "/files/built.txt")
        );
    }

    [Fact(Timeout = 120_000)]
    public async Task BuildRoot_ThatIsNotADirectory_FailsNamingIt()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "noroot",
            dir =>
            {
                SampleApps.Plain(dir);
                File.WriteAllText(Path.Combine(dir, "leanengine.yaml"), "buildRoot: backend\n");
            }
        );

        var push = await repo.PushAsync();

        Assert.Contains(
            "buildRoot 'backend' is not a directory in the repository; fix buildRoot in leanengine.yaml",
            push.Output
        );
        Assert.Contains("Build failed", push.Output);
    }

    /// <summary>A symbolic link could point anywhere on the server, and the tree around buildRoot is deleted: refused,
    /// the target untouched.</summary>
    [Fact(Timeout = 120_000)]
    public async Task BuildRoot_ThroughASymbolicLink_IsRefused()
    {
        await using var server = await TestServer.StartAsync();
        var outside = TestEnvironment.TempDir("gd-outside");
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "server file");
        var repo = await AppRepo.CreateAsync(
            server,
            "linkroot",
            dir =>
            {
                SampleApps.Plain(dir);
                File.WriteAllText(Path.Combine(dir, "leanengine.yaml"), "buildRoot: web/app\n");
                File.CreateSymbolicLink(Path.Combine(dir, "web"), outside);
            }
        );

        var push = await repo.PushAsync();

        Assert.Contains("buildRoot 'web/app' goes through a symbolic link (web)", push.Output);
        Assert.Equal("server file", File.ReadAllText(Path.Combine(outside, "keep.txt")));
    }

    private const string ShowVariablesSteps = """
        install:
          - {use: default}
          - 'echo "install sees id=${LEANCLOUD_APP_ID:-none} env=${LEANCLOUD_APP_ENV:-none} greeting=${GREETING:-none}"'
        build:
          - >-
            echo "build sees id=${LEANCLOUD_APP_ID:-none} tag=${LEANCLOUD_VERSION_TAG:-none}
            greeting=${GREETING:-none}" > seen.txt
        """;

    private static async Task<(
        TestServer Server,
        string Push,
        string Seen,
        string AppId,
        string Tag
    )> DeployShowingVariables(string app, bool expose)
    {
        var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            app,
            dir =>
                SampleApps.Write(
                    dir,
                    new Dictionary<string, string>
                    {
                        ["wsgi.py"] = FrameworkApps.FilesWsgi,
                        ["requirements.txt"] = "",
                        ["leanengine.yaml"] = (expose ? "exposeEnvironmentsOnBuild: true\n" : "") + ShowVariablesSteps,
                    }
                )
        );
        var set = await server.Http.PatchAsJsonAsync(
            $"/api/apps/{app}/config",
            new { set = new Dictionary<string, string> { ["GREETING"] = "hello-build" } }
        );
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        var push = (await repo.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed().Output;
        return (
            server,
            push,
            await server.GetAppTextAsync($"{app}.localhost", "/files/seen.txt"),
            await server.GetAppTextAsync($"{app}.localhost", "/env/LEANCLOUD_APP_ID"),
            await server.GetAppTextAsync($"{app}.localhost", "/env/LEANCLOUD_VERSION_TAG")
        );
    }

    [Fact(Timeout = 120_000)]
    public async Task ExposeEnvironmentsOnBuild_GivesInstallAndBuildTheBuiltInAndCustomVariables()
    {
        var (server, push, seen, appId, tag) = await DeployShowingVariables("exposed", expose: true);
        await using var _ = server;

        Assert.Contains($"install sees id={appId} env=production greeting=hello-build", push);
        Assert.Equal($"build sees id={appId} tag={tag} greeting=hello-build", seen.Trim());
    }

    [Fact(Timeout = 120_000)]
    public async Task WithoutExposeEnvironmentsOnBuild_InstallAndBuildSeeNeither()
    {
        var (server, push, seen, appId, _) = await DeployShowingVariables("hidden", expose: false);
        await using var __ = server;

        Assert.Contains("install sees id=none env=none greeting=none", push);
        Assert.Equal("build sees id=none tag=none greeting=none", seen.Trim());
        Assert.NotEqual("<unset>", appId); // the running app has them
    }

    [Fact(Timeout = 120_000)]
    public async Task ExtraPorts_AreIgnoredWithAWarning()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "ports",
            dir =>
            {
                SampleApps.Plain(dir);
                File.WriteAllText(
                    Path.Combine(dir, "leanengine.yaml"),
                    "extraPorts:\n  - name: game\n    protocol: udp\n    containerPort: 4000\n"
                );
            }
        );

        var push = (await repo.PushAsync()).ShouldSucceed();

        Assert.Contains(
            "warning: leanengine.yaml 'extraPorts' (line 1): extra ports "
                + "are not supported by this server; the key is ignored",
            push.Output
        );
        Assert.StartsWith("plain ", await server.GetAppTextAsync("ports.localhost"));
    }
}

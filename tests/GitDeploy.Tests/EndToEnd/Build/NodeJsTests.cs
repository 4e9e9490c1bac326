using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GitDeploy.Runtime.Processes;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd.Build;

/// <summary>
/// The Node.js buildpack end to end: Express installed from the npm registry during the build,
/// served through the router, redeployed from the cached node_modules, rolled back; detection,
/// runtime: nodejs, engines.node.
/// </summary>
public class NodeJsTests
{
    private static string TagOf(string pushOutput) =>
        Regex.Match(pushOutput, @"Release (\d{8}-\d{6}) stored").Groups[1].Value;

    private static string Says(string words, string tag) => $@"^express 4\.\d+\.\d+ {words} from {tag}\n$";

    [Fact(Timeout = 300_000)]
    public async Task ExpressApp_IsInstalledFromNpm_Served_RedeployedFromTheCache_AndRolledBack()
    {
        await using var server = await TestServer.StartAsync();
        var node = await NodeApps.NodeVersionAsync();
        var repo = await AppRepo.CreateAsync(server, "express", NodeApps.Express);
        await NodeApps.LockAsync(repo.Dir);
        await repo.Git.CommitAllAsync("lockfile");

        var first = (await repo.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed();
        var tag1 = TagOf(first.Output);

        Assert.Contains("Node.js (package.json with scripts.start)", first.Output);
        Assert.Contains("package.json engines.node asks for >=18", first.Output);
        Assert.Contains("npm ci", first.Output);
        Assert.True(Regex.IsMatch(first.Output, @"added \d+ packages"), first.Output);
        Assert.Contains("default start: npm start (node server.js)", first.Output);
        Assert.Contains("is live on production", first.Output);
        Assert.Matches(Says("says hi", tag1), await server.GetAppTextAsync("express.localhost"));
        var npmCache = Path.Combine(server.DataDir, "cache", "npm", "express");
        Assert.True(Directory.EnumerateFileSystemEntries(npmCache).Any(), "npm's cache is kept per app");
        var entry = Assert.Single(Directory.EnumerateDirectories(Path.Combine(server.DataDir, "envs")));
        Assert.True(File.Exists(Path.Combine(entry, "node_modules", "express", "package.json")));

        await repo.ChangeAsync("server.js", NodeApps.ExpressServer.Replace("says hi", "says hi again"), "v2");
        var second = (await repo.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed();
        var tag2 = TagOf(second.Output);

        Assert.Contains($"using the cached environment (runtime {node}, requirements and install steps unchanged): " +
            "npm skipped", second.Output);
        Assert.DoesNotContain("npm ci", second.Output);
        Assert.DoesNotMatch(@"added \d+ packages", second.Output);
        Assert.Equal(entry, Assert.Single(Directory.EnumerateDirectories(Path.Combine(server.DataDir, "envs"))));
        Assert.Matches(Says("says hi again", tag2), await server.GetAppTextAsync("express.localhost"));
        Assert.Equal("production", await server.GetAppTextAsync("express.localhost", "/env/LEANCLOUD_APP_ENV"));

        var back = await server.Http.PostAsJsonAsync("/api/apps/express/rollback", new { tag = tag1 });
        Assert.True(back.IsSuccessStatusCode, await back.Content.ReadAsStringAsync());
        Assert.Matches(Says("says hi", tag1), await server.GetAppTextAsync("express.localhost"));
        // The release artifact points nowhere outside itself: each instance links node_modules again.
        var stored = Path.Combine(server.DataDir, "releases", "express", tag1, "src");
        Assert.False(Path.Exists(Path.Combine(stored, "node_modules")), "the stored release holds no node_modules");
    }

    [Fact(Timeout = 180_000)]
    public async Task RuntimeNodejs_WithoutALockfileOrScriptsStart_InstallsWithNpmInstall_AndStartsServerJs()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "plainnode", dir =>
        {
            NodeApps.Plain(dir);
            File.WriteAllText(Path.Combine(dir, "leanengine.yaml"), "runtime: nodejs\n");
        });

        var push = (await repo.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed();

        Assert.True(push.Output.Contains("is live on production"), push.Output);
        Assert.Contains("Node.js (package.json and server.js)", push.Output);
        Assert.Contains("npm install (no package-lock.json: commit the one it writes for repeatable installs)",
            push.Output);
        Assert.Contains("default start: node server.js (package.json has no scripts.start)", push.Output);
        Assert.DoesNotContain("not a Python app", push.Output);
        Assert.StartsWith($"plain node v{await NodeApps.NodeVersionAsync()} {TagOf(push.Output)}",
            await server.GetAppTextAsync("plainnode.localhost"));
    }

    [Fact(Timeout = 120_000)]
    public async Task EnginesNodeTheServerCannotSatisfy_FailsTheBuildNamingBoth()
    {
        await using var server = await TestServer.StartAsync();
        var node = await NodeApps.NodeVersionAsync();
        var repo = await AppRepo.CreateAsync(server, "oldnode", dir =>
            NodeApps.Plain(dir, """{"name": "future", "version": "1.0.0", "engines": {"node": "^99.1 || >=100"}}"""));

        var push = await repo.PushAsync();

        Assert.Contains($"package.json engines.node asks for node ^99.1 || >=100, but this server's node is {node}",
            push.Output);
        Assert.Contains("Build failed: could not resolve the runtime version", push.Output);
        Assert.Equal(503, (int)(await server.GetAppAsync("oldnode.localhost")).StatusCode);
    }

    [Fact(Timeout = 180_000)]
    public async Task PythonAppWithAToolingPackageJson_IsStillAPythonApp()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "pyassets", dir =>
        {
            SampleApps.Plain(dir);
            File.WriteAllText(Path.Combine(dir, "package.json"), """{"scripts": {"build": "echo assets"}}""");
        });

        var push = (await repo.PushAsync()).ShouldSucceed();

        Assert.Contains("Python (wsgi.py and requirements.txt)", push.Output);
        Assert.DoesNotContain("not a Node.js app", push.Output);
        Assert.StartsWith("plain ", await server.GetAppTextAsync("pyassets.localhost"));
    }

    [Fact(Timeout = 120_000)]
    public async Task PackageJsonAlone_IsNoApp_AndTheBuildSaysWhatEachBuildpackLookedFor()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "nostart", dir =>
            File.WriteAllText(Path.Combine(dir, "package.json"), """{"name": "lib", "version": "1.0.0"}"""));

        var push = await repo.PushAsync();

        Assert.Contains("not a Node.js app: package.json has no scripts.start and there is no server.js beside it",
            push.Output);
        Assert.Contains("not a Python app: looked for wsgi.py and requirements.txt", push.Output);
        Assert.Contains("Build failed: no buildpack detected this app", push.Output);
    }
    /// <summary>npm reaches its registry as the server's environment says: npm_config_offline=true, not.</summary>
    [Fact(Timeout = 240_000)]
    public async Task ServerEnvironmentWithNpmOffline_KeepsTheBuildOffTheRegistry()
    {
        var data = TestEnvironment.TempDir("gd-offline");
        var port = FreePort.Next();
        var work = await GitClient.InitAsync(TestEnvironment.TempDir("gd-work"));
        NodeApps.Express(work.WorkDir);
        await NodeApps.LockAsync(work.WorkDir);
        await work.CommitAllAsync("v1");
        var url = $"http://x:{TestServer.Token}@127.0.0.1:{port}/offline.git";
        using var server = await ServerProcess.StartAsync(data, port, environment: new Dictionary<string, string?>
        {
            ["npm_config_offline"] = "true",
        });
        Assert.True((await server.Http.PostAsJsonAsync("/api/apps", new { name = "offline" })).IsSuccessStatusCode);

        var push = await work.RunAsync("push", url, "main");

        Assert.Contains("npm ci", push.Output);
        Assert.Contains("Build failed: installing dependencies failed: npm ci failed (ENOTCACHED): request to ",
            push.Output);
        Assert.True(server.Terminate(TimeSpan.FromSeconds(30)), "the server did not stop on SIGTERM");
        Assert.Empty(Processes.WithHomeUnder(data));
    }
}

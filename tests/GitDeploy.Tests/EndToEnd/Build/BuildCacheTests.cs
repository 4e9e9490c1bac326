using System.Net.Http.Json;
using GitDeploy.Isolation.Processes;
using GitDeploy.Runtime.Processes;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd.Build;

/// <summary>The dependency cache: kept across restarts, pip's own cache per app, damaged or half-written entries never
/// reused.</summary>
public class BuildCacheTests
{
    [Fact(Timeout = 240_000)]
    public async Task CachedEnvironment_SurvivesAServerRestart()
    {
        var data = TestEnvironment.TempDir("gd-cache");
        var port = FreePort.Next();
        var work = await GitClient.InitAsync(TestEnvironment.TempDir("gd-work"));
        SampleApps.Flask(work.WorkDir);
        await work.CommitAllAsync("v1");
        var url = $"http://x:{TestServer.Token}@127.0.0.1:{port}/restarts.git";
        using (var first = await ServerProcess.StartAsync(data, port))
        {
            Assert.True((await first.Http.PostAsJsonAsync("/api/apps", new { name = "restarts" })).IsSuccessStatusCode);
            Assert.Contains(
                "Successfully installed",
                (await work.RunAsync("push", "-o", "printBuildLogs=true", url, "main")).ShouldSucceed().Output
            );
            Assert.True(first.Terminate(TimeSpan.FromSeconds(30)), "the server did not stop on SIGTERM");
        }

        using var second = await ServerProcess.StartAsync(data, port);
        SampleApps.Write(
            work.WorkDir,
            new Dictionary<string, string>
            {
                ["wsgi.py"] = SampleApps.FlaskWsgi.Replace("flask says hi", "flask after restart"),
            }
        );
        await work.CommitAllAsync("v2");
        var push = (await work.RunAsync("push", "-o", "printBuildLogs=true", url, "main")).ShouldSucceed();

        Assert.Contains(
            "using the cached environment (runtime 3.10.13, requirements "
                + "and install steps unchanged): pip skipped",
            push.Output
        );
        Assert.DoesNotContain("Successfully installed", push.Output);
        Assert.StartsWith("flask after restart from ", await second.GetAppTextAsync("restarts.localhost"));
        Assert.True(second.Terminate(TimeSpan.FromSeconds(30)), "the server did not stop on SIGTERM");
        Assert.Empty(Processes.WithHomeUnder(data));
    }

    [Fact(Timeout = 180_000)]
    public async Task PipsOwnCache_IsKeptPerApp_InTheDataDirectory()
    {
        await using var server = await TestServer.StartAsync();
        // Different steps, so the second app does not simply reuse the first one's environment.
        static string Steps(string app) =>
            $"install:\n  - {{use: default}}\n  - 'echo \"{app}: pip cache at $(pip cache dir)\"'\n";
        var one = await AppRepo.CreateAsync(
            server,
            "pipone",
            dir =>
            {
                SampleApps.Plain(dir);
                File.WriteAllText(Path.Combine(dir, "leanengine.yaml"), Steps("pipone"));
            }
        );
        var two = await AppRepo.CreateAsync(
            server,
            "piptwo",
            dir =>
            {
                SampleApps.Plain(dir);
                File.WriteAllText(Path.Combine(dir, "leanengine.yaml"), Steps("piptwo"));
            }
        );

        var first = (await one.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed();
        var second = (await two.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed();

        Assert.Contains($"pipone: pip cache at {Path.Combine(server.DataDir, "cache", "pip", "pipone")}", first.Output);
        Assert.Contains(
            $"piptwo: pip cache at {Path.Combine(server.DataDir, "cache", "pip", "piptwo")}",
            second.Output
        );
        Assert.True((await server.Http.DeleteAsync("/api/apps/pipone")).IsSuccessStatusCode);
        Assert.False(
            Directory.Exists(Path.Combine(server.DataDir, "cache", "pip", "pipone")),
            "destroying an app deletes its pip cache"
        );
        Assert.True(Directory.Exists(Path.Combine(server.DataDir, "cache", "pip", "piptwo")));
    }

    [Fact(Timeout = 180_000)]
    public async Task DamagedCacheEntry_IsDetectedAndRebuilt_NeverUsed()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "damaged", dir => SampleApps.Flask(dir));
        (await repo.PushAsync()).ShouldSucceed();
        var entry = Assert.Single(Directory.EnumerateDirectories(Path.Combine(server.DataDir, "envs")));
        var flask = Directory
            .EnumerateFiles(Path.Combine(entry, "venv"), "__init__.py", SearchOption.AllDirectories)
            .First(f => f.EndsWith("/flask/__init__.py"));
        File.Delete(flask); // as a disk error or a stray rm would leave it

        await repo.ChangeAsync("wsgi.py", SampleApps.FlaskWsgi.Replace("flask says hi", "flask rebuilt"), "v2");
        var push = (await repo.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed();

        Assert.Contains(
            $"warning: the cached environment {Path.GetFileName(entry)} "
                + "is damaged (its files changed since it was built): building a fresh one",
            push.Output
        );
        Assert.DoesNotContain("using the cached environment", push.Output);
        Assert.Contains("Successfully installed", push.Output);
        Assert.StartsWith("flask rebuilt from ", await server.GetAppTextAsync("damaged.localhost"));
    }

    /// <summary>
    /// kill -9 of the server while pip installs Django (seconds of work): the entry pip was filling has
    /// no completion marker. The next start stops the build's orphans and sweeps the entry; the next
    /// push with the same inputs installs afresh and deploys.
    /// </summary>
    [Fact(Timeout = 300_000)]
    public async Task ServerKilledDuringPipInstall_ThenAPushWithTheSameInputs_InstallsAfreshAndDeploys()
    {
        var data = TestEnvironment.TempDir("gd-kill");
        var envs = Path.Combine(data, "envs");
        var port = FreePort.Next();
        var work = await GitClient.InitAsync(TestEnvironment.TempDir("gd-work"));
        FrameworkApps.Django(work.WorkDir);
        await work.CommitAllAsync("v1");
        var url = $"http://x:{TestServer.Token}@127.0.0.1:{port}/halfway.git";
        string half;
        using (var first = await ServerProcess.StartAsync(data, port))
        {
            Assert.True((await first.Http.PostAsJsonAsync("/api/apps", new { name = "halfway" })).IsSuccessStatusCode);
            var push = work.RunAsync("push", url, "main");
            await Poll.UntilAsync(
                () => PipOf(data) is not null,
                TimeSpan.FromSeconds(120),
                "pip to be installing Django"
            );
            first.Kill9();
            await push;
            half = Assert.Single(Directory.EnumerateDirectories(envs));
            Assert.False(
                File.Exists(Path.Combine(half, ".gitdeploy-complete")),
                "the entry pip was filling must not be marked complete"
            );
        }

        using var second = await ServerProcess.StartAsync(data, port);
        Assert.False(Directory.Exists(half), "the half-written entry should be swept at start");
        Assert.Null(PipOf(data)); // the orphaned build step was stopped
        SampleApps.Write(work.WorkDir, new Dictionary<string, string> { ["README.md"] = "only app code changed" });
        await work.CommitAllAsync("v2");
        var again = (await work.RunAsync("push", "-o", "printBuildLogs=true", url, "main")).ShouldSucceed();

        Assert.DoesNotContain("using the cached environment", again.Output);
        Assert.Contains("Successfully installed", again.Output);
        Assert.Contains("is live on production", again.Output);
        Assert.Matches(@"^django 3\.2\.25 on 3\.11 from ", await second.GetAppTextAsync("halfway.localhost"));
        Assert.True(
            File.Exists(Path.Combine(Assert.Single(Directory.EnumerateDirectories(envs)), ".gitdeploy-complete"))
        );
        Assert.True(second.Terminate(TimeSpan.FromSeconds(30)), "the server did not stop on SIGTERM");
        Assert.Empty(Processes.WithHomeUnder(data));
    }

    /// <summary>A running pip that is a build step of the server with this data directory.</summary>
    private static int? PipOf(string data)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var environ = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (
                    cmdline.Contains(" -m pip ")
                    && cmdline.Contains("install")
                    && environ.Contains("GITDEPLOY_BUILD_OWNER=" + data)
                    && Processes.Alive(pid)
                )
                    return pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return null;
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Isolation;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Isolation;

/// <summary>
/// The attack run of issue 10, for real: app "attacker"'s build step and running instance try to reach
/// the server and app "victim"; every attempt fails and the victim keeps serving.
/// </summary>
public class IsolationTests
{
    private const string Probe = """
        import os, signal
        e = os.environ
        data, server = e["PROBE_DATA"], int(e["PROBE_SERVER_PID"])
        victim, tag = int(e["PROBE_VICTIM_PID"]), e["PROBE_VICTIM_TAG"]
        def read(p):
            with open(p, "rb") as f: f.read(1)
        def write(p):
            with open(p, "w") as f: f.write("pwned")
        attempts = [
            ("read the server's environment", lambda: read("/proc/%d/environ" % server)),
            ("open gitdeploy.db", lambda: read(data + "/gitdeploy.db")),
            ("list the victim's releases", lambda: os.listdir(data + "/releases/victim")),
            ("list the victim's instances", lambda: os.listdir(data + "/instances/victim")),
            ("read the victim's environment", lambda: read("/proc/%d/environ" % victim)),
            ("write into the victim's release", lambda: write(data + "/releases/victim/" + tag + "/src/pwned")),
            ("signal the victim", lambda: os.kill(victim, 0)),
            ("signal the server", lambda: os.kill(server, 0)),
        ]
        def run():
            out = ["PROBE uid %d" % os.getuid()]
            for name, attempt in attempts:
                try:
                    attempt()
                    out.append("PROBE %s: ALLOWED" % name)
                except Exception as x:
                    out.append("PROBE %s: blocked (%s)" % (name, type(x).__name__))
            return "\n".join(out)
        if __name__ == "__main__":
            print(run())
        """;

    private const string AttackerWsgi = """
        import probe
        def application(environ, start_response):
            body = probe.run() if environ.get("PATH_INFO") == "/probe" else "attacker"
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [body.encode()]
        """;

    [Fact(Timeout = 300_000)]
    public async Task BuildStepAndInstanceOfOneApp_CannotReachTheServerOrAnotherApp()
    {
        await using var server = await TestServer.StartAsync();
        var victim = await AppRepo.CreateAsync(server, "victim", SampleApps.Plain);
        (await victim.PushAsync()).ShouldSucceed();
        var ps = await server.Http.GetFromJsonAsync<JsonElement>("/api/apps/victim/ps");
        var victimPid = ps[0].GetProperty("pid").GetInt32();
        var victimTag = ps[0].GetProperty("tag").GetString()!;

        await server.CreateAppAsync("attacker");
        var config = await server.Http.PatchAsJsonAsync(
            "/api/apps/attacker/config",
            new
            {
                set = new Dictionary<string, string>
                {
                    ["PROBE_DATA"] = server.DataDir,
                    ["PROBE_SERVER_PID"] = Environment.ProcessId.ToString(),
                    ["PROBE_VICTIM_PID"] = victimPid.ToString(),
                    ["PROBE_VICTIM_TAG"] = victimTag,
                },
            }
        );
        Assert.True(config.IsSuccessStatusCode, await config.Content.ReadAsStringAsync());
        var attacker = await AppRepo.CreateAsync(
            server,
            "attacker",
            dir =>
                SampleApps.Write(
                    dir,
                    new Dictionary<string, string>
                    {
                        ["wsgi.py"] = AttackerWsgi,
                        ["probe.py"] = Probe,
                        ["requirements.txt"] = "# none",
                        ["leanengine.yaml"] = "exposeEnvironmentsOnBuild: true\nbuild: python probe.py",
                    }
                ),
            createApp: false
        );

        var push = (await attacker.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed();
        var fromBuild = ProbeLines(push.Output);
        var fromInstance = ProbeLines(await server.GetAppTextAsync("attacker.localhost", "/probe"));

        foreach (var (where, lines) in new[] { ("build step", fromBuild), ("instance", fromInstance) })
        {
            Assert.True(lines.Count == 9, $"{where}: the probe did not run whole:\n{string.Join("\n", lines)}");
            Assert.DoesNotContain(lines, l => l.EndsWith("ALLOWED", StringComparison.Ordinal));
            var uid = int.Parse(lines[0].Split(' ')[2]);
            Assert.True(uid != 0, $"{where} runs as root");
        }
        Assert.Equal(fromBuild[0], fromInstance[0]); // the app's own user, in its build and its instances
        Assert.NotEqual(await UidOf(server, "victim"), fromInstance[0]);
        Assert.False(File.Exists(Path.Combine(server.DataDir, "releases", "victim", victimTag, "src", "pwned")));
        Assert.StartsWith("plain ", await server.GetAppTextAsync("victim.localhost"));
    }

    [Fact(Timeout = 240_000)]
    public async Task InstanceOverItsMemoryLimit_IsKilledAndItsLogSaysSo()
    {
        await using var server = await TestServer.StartAsync(o =>
            o with
            {
                Sandbox = new SandboxOptions
                {
                    Instance = ResourceLimits.InstanceDefaults with { MemoryBytes = 96L << 20 },
                },
            }
        );
        var repo = await AppRepo.CreateAsync(
            server,
            "hog",
            dir =>
                SampleApps.Write(
                    dir,
                    new Dictionary<string, string>
                    {
                        ["wsgi.py"] = """
                        def application(environ, start_response):
                            if environ.get("PATH_INFO") == "/hog":
                                hog = bytearray(400 * 1024 * 1024)
                                for i in range(0, len(hog), 4096): hog[i] = 1
                            start_response("200 OK", [("Content-Type", "text/plain")])
                            return [b"ok"]
                        """,
                        ["requirements.txt"] = "# none",
                        ["leanengine.yaml"] = "run: python serve.py",
                        ["serve.py"] = """
                        import os, wsgiref.simple_server, wsgi
                        port = int(os.environ["LEANCLOUD_APP_PORT"])
                        wsgiref.simple_server.make_server("127.0.0.1", port, wsgi.application).serve_forever()
                        """,
                    }
                )
        );
        (await repo.PushAsync()).ShouldSucceed();

        using var hog = await server.GetAppAsync("hog.localhost", "/hog");
        Assert.False(hog.IsSuccessStatusCode, "the request that needs 400 MB under a 96 MiB limit succeeded");

        var log = await Poll.UntilAsync(
            async () =>
            {
                var text = await server.Http.GetStringAsync("/api/apps/hog/logs?n=200");
                return text.Contains("ran out of memory") && text.Contains("out of memory)") ? text : null;
            },
            TimeSpan.FromSeconds(30),
            "the app's log to name the memory limit"
        );
        Assert.Contains("at its memory limit (96 MiB)", log);
        Assert.StartsWith(
            "ok",
            await Poll.UntilAsync(
                async () =>
                {
                    using var r = await server.GetAppAsync("hog.localhost");
                    return r.IsSuccessStatusCode ? await r.Content.ReadAsStringAsync() : null;
                },
                TimeSpan.FromSeconds(30),
                "the restarted instance to serve"
            )
        );
    }

    [Fact(Timeout = 180_000)]
    public async Task PythonVersionLinkedToAServerFile_FailsTheBuildWithoutPrintingTheFile()
    {
        await using var server = await TestServer.StartAsync();
        var secret = Path.Combine(server.DataDir, "secret-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(secret, "3.12-the-secret-line\n");
        var repo = await AppRepo.CreateAsync(
            server,
            "linker",
            dir =>
            {
                SampleApps.Plain(dir);
                File.CreateSymbolicLink(Path.Combine(dir, ".python-version"), secret);
            }
        );

        var push = await repo.PushAsync();

        Assert.Contains(".python-version is a symbolic link that points outside the repository", push.Output);
        Assert.DoesNotContain("the-secret-line", push.Output);
    }

    /// <summary>compileall -j runs a process pool: it needs a writable /dev/shm, or instances start uncompiled
    /// (slowly).</summary>
    [Fact(Timeout = 180_000)]
    public async Task EnvironmentBuiltInTheSandbox_IsByteCompiled_AndBelongsToTheServerOnceFinished()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "compiled", dir => SampleApps.Flask(dir));

        var push = (await repo.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed();

        Assert.Contains("byte-compiled the environment", push.Output);
        Assert.DoesNotContain("files that do not compile", push.Output);
        var flask = Directory
            .GetDirectories(Path.Combine(server.DataDir, "envs"), "flask", SearchOption.AllDirectories)
            .First(d => Path.GetFileName(Path.GetDirectoryName(d)) == "site-packages"); // lib64 links to lib
        var pyc = Directory.GetFiles(Path.Combine(flask, "__pycache__"), "*.pyc");
        Assert.NotEmpty(pyc);
        var owner = await CliWrap.Buffered.BufferedCommandExtensions.ExecuteBufferedAsync(
            CliWrap.Cli.Wrap("stat").WithArguments(["-c", "%u", pyc[0]])
        );
        Assert.Equal("0", owner.StandardOutput.Trim());
    }

    private static async Task<string> UidOf(TestServer server, string app)
    {
        var ps = await server.Http.GetFromJsonAsync<JsonElement>($"/api/apps/{app}/ps");
        var pgid = ps[0].GetProperty("pid").GetInt32();
        // The group's leader is bubblewrap's monitor (root); the app's processes in it run as the app's user.
        var uids = GitDeploy
            .Isolation.Processes.ProcessGroup.Members(pgid)
            .Select(pid => File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:")).Split('\t')[1])
            .Where(uid => uid != "0")
            .Distinct()
            .ToList();
        return "PROBE uid " + Assert.Single(uids);
    }

    private static List<string> ProbeLines(string text) =>
        text.Split('\n')
            .Select(l => l.Trim())
            .Select(l => l.StartsWith("remote: ") ? l["remote: ".Length..].Trim() : l)
            .Where(l => l.StartsWith("PROBE ", StringComparison.Ordinal))
            .ToList();
}

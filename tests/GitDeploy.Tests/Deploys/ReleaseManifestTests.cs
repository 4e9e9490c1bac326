using System.Text.Json;
using System.Text.Json.Nodes;
using GitDeploy.Build.Pipeline;
using GitDeploy.Deploys.Releases;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Deploys;

/// <summary>release.json: a release starts from its manifest alone, old manifests included.</summary>
public class ReleaseManifestTests
{
    /// <summary>A release.json as servers wrote it before buildpacks declared their run environment.</summary>
    private const string OldManifest = """
        {
          "Buildpack": "python",
          "RuntimeVersion": "3.10.13",
          "EnvDir": "/data/envs/0123abcd-20250101000000000",
          "AppDir": ".",
          "StartCommand": "exec python -m gunicorn wsgi:application",
          "StartupTimeout": 30,
          "FunctionsMode": 0,
          "HealthCheckPath": null
        }
        """;

    [Fact]
    public void AnOldManifest_ReadsAsThePythonRunEnvironment()
    {
        var root = TestEnvironment.TempDir("gd-releases");
        Directory.CreateDirectory(Path.Combine(root, "app", "20250101-000000"));
        File.WriteAllText(Path.Combine(root, "app", "20250101-000000", "release.json"), OldManifest);

        var manifest = new ReleaseFiles(root).Manifest("app", "20250101-000000")!;
        var run = manifest.Run.For("/data/envs/0123abcd-20250101000000000");

        Assert.Equal(["/data/envs/0123abcd-20250101000000000/venv/bin"], run.PathPrefix);
        Assert.Equal("/data/envs/0123abcd-20250101000000000/venv", run.Variables["VIRTUAL_ENV"]);
        Assert.Equal("1", run.Variables["PYTHONUNBUFFERED"]);
        Assert.Empty(run.Links);
    }

    [Fact]
    public void ANewManifest_KeepsWhatItsBuildpackDeclared()
    {
        var root = TestEnvironment.TempDir("gd-releases");
        var manifest = JsonSerializer.Deserialize<ReleaseManifest>(OldManifest)! with
        {
            Buildpack = "nodejs",
            Run = new RunEnvironment
            {
                PathPrefix = ["{env}/node_modules/.bin"],
                Variables = new Dictionary<string, string> { ["npm_config_update_notifier"] = "false" },
                Links = ["node_modules"],
            },
        };
        Directory.CreateDirectory(Path.Combine(root, "app", ".building-t"));
        var log = Path.Combine(root, "build.log");
        File.WriteAllText(log, "");
        var files = new ReleaseFiles(root);
        files.Seal("app", "t", manifest, log);

        var read = files.Manifest("app", "t")!;

        Assert.Equal(["{env}/node_modules/.bin"], read.Run.PathPrefix);
        Assert.Equal("false", read.Run.Variables["npm_config_update_notifier"]);
        Assert.Equal(["node_modules"], read.Run.Links);
        Assert.DoesNotContain("VIRTUAL_ENV", File.ReadAllText(Path.Combine(root, "app", "t", "release.json")));
    }

    [Fact(Timeout = 180_000)]
    public async Task AStoredReleaseWithAnOldManifest_StillStarts_WithItsVirtualenv()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "oldjson", SampleApps.Plain);
        var push = (await repo.PushAsync()).ShouldSucceed();
        var tag = System.Text.RegularExpressions.Regex.Match(push.Output, @"Release (\d{8}-\d{6}) stored")
            .Groups[1].Value;
        var path = Path.Combine(server.DataDir, "releases", "oldjson", tag, "release.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.True(json.Remove("Run"), "a new release.json carries its run environment");
        File.WriteAllText(path, json.ToJsonString());
        var envDir = json["EnvDir"]!.GetValue<string>();

        var restart = await server.Http.PostAsync("/api/apps/oldjson/restart", null);

        Assert.True(restart.IsSuccessStatusCode, await restart.Content.ReadAsStringAsync());
        Assert.StartsWith($"plain {tag} on", await server.GetAppTextAsync("oldjson.localhost"));
        var virtualEnv = await server.GetAppTextAsync("oldjson.localhost", "/env/VIRTUAL_ENV");
        Assert.Equal(Path.Combine(envDir, "venv"), virtualEnv);
        Assert.Equal("1", await server.GetAppTextAsync("oldjson.localhost", "/env/PYTHONUNBUFFERED"));
    }
}

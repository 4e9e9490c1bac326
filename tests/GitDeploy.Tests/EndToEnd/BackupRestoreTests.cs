using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>Backup of a running server; `gitdeploy restore` elsewhere; apps on their live release.</summary>
public class BackupRestoreTests
{
    [Fact(Timeout = 420_000)]
    public async Task BackupOfARunningServer_RestoredElsewhere_ServesBothAppsOnTheirLiveRelease()
    {
        await using var source = await TestServer.StartAsync();
        var alpha = await AppRepo.CreateAsync(source, "alpha", SampleApps.Plain);
        var alphaTags = await ReleaseManagementTests.DeployVersionsAsync(source, alpha, 2);
        var rollback = await source.Http.PostAsJsonAsync("/api/apps/alpha/rollback", new { tag = alphaTags[0] });
        Assert.True(rollback.IsSuccessStatusCode, await rollback.Content.ReadAsStringAsync());
        var beta = await AppRepo.CreateAsync(source, "beta", SampleApps.Plain);
        var config = await source.Http.PatchAsJsonAsync("/api/apps/beta/config",
            new { set = new Dictionary<string, string> { ["GREETING"] = "restored-hello" }, restart = true });
        Assert.True(config.IsSuccessStatusCode, await config.Content.ReadAsStringAsync());
        var betaTag = (await ReleaseManagementTests.DeployVersionsAsync(source, beta, 1))[0];

        var file = Path.Combine(TestEnvironment.TempDir("gd-backup"), "server.tar.gz");
        var saved = await GitdeployCli.RunAsync(source, "backup", file);
        Assert.True(saved.Exit == 0, saved.Out + saved.Err);
        Assert.Contains("Backup saved", saved.Out);

        var notEmpty = await GitdeployCli.RunAsync(source, "restore", file, "--data", source.DataDir);
        Assert.Equal(1, notEmpty.Exit);
        Assert.Contains("is not empty", notEmpty.Err);

        var dir = TestEnvironment.TempDir("gd-restored");
        var restored = await GitdeployCli.RunAsync(source, "restore", file, "--data", dir);
        Assert.True(restored.Exit == 0, restored.Out + restored.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "envs")), "a backup holds no environments");
        var keyMode = File.GetUnixFileMode(Path.Combine(dir, "secret.key"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, keyMode);

        await using (var copy = await TestServer.StartAsync(o => o with { DataDir = dir }))
        {
            var alphaBody = await Serving(copy, "alpha.localhost", $"plain {alphaTags[0]} on");
            Assert.StartsWith($"plain {alphaTags[0]} on", alphaBody);
            await Serving(copy, "beta.localhost", $"plain {betaTag} on");
            Assert.Equal("restored-hello", await copy.GetAppTextAsync("beta.localhost", "/env/GREETING"));
            var releases = await copy.Http.GetFromJsonAsync<JsonElement>("/api/apps/alpha/releases");
            Assert.Equal(alphaTags.Count, releases.GetArrayLength());

            // The restored repositories use the new server's hooks: a push there deploys.
            (await alpha.Git.RunAsync("push", copy.GitUrl("alpha"), "main")).ShouldSucceed();
            await alpha.ChangeAsync("VERSION", "after restore");
            var push = (await alpha.Git.RunAsync("push", copy.GitUrl("alpha"), "main")).ShouldSucceed();
            Assert.Contains("is live on production", push.Output);
        }

        // The source server was never disturbed: its apps still serve, on their own instances.
        Assert.StartsWith($"plain {alphaTags[0]} on", await source.GetAppTextAsync("alpha.localhost"));
        Assert.StartsWith($"plain {betaTag} on", await source.GetAppTextAsync("beta.localhost"));
    }

    [Fact(Timeout = 120_000)]
    public async Task Backup_IsForAdminsOnly_AndRestoreRefusesWhatIsNotABackup()
    {
        await using var server = await TestServer.StartAsync();
        var created = await server.Http.PostAsJsonAsync("/api/tokens", new { name = "ci", role = "deployer" });
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var file = Path.Combine(TestEnvironment.TempDir("gd-backup"), "denied.tar.gz");
        var denied = await GitdeployCli.RunAsAsync(server, token, null, "backup", file);
        Assert.Equal(1, denied.Exit);
        Assert.Contains("HTTP 403", denied.Err);
        Assert.False(File.Exists(file) || File.Exists(file + ".part"), "a refused backup left a file");

        var junk = Path.Combine(TestEnvironment.TempDir("gd-junk"), "junk.tar.gz");
        await File.WriteAllTextAsync(junk, "not a backup at all");
        var dir = Path.Combine(TestEnvironment.TempDir("gd-junk-restore"), "data");
        var refused = await GitdeployCli.RunAsync(server, "restore", junk, "--data", dir);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("is not a whole GitDeploy backup", refused.Err);
        Assert.False(Directory.Exists(dir), "a refused restore left a data directory");
    }

    private static Task<string> Serving(TestServer server, string host, string prefix) =>
        Poll.UntilAsync(async () =>
        {
            using var r = await server.GetAppAsync(host);
            var body = await r.Content.ReadAsStringAsync();
            return r.IsSuccessStatusCode && body.StartsWith(prefix, StringComparison.Ordinal) ? body : null;
        }, TimeSpan.FromSeconds(180), $"{host} to serve {prefix}");
}

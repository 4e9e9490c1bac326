using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>A data directory on a full disk: operations say so, naming the disk's path; nothing is damaged.</summary>
public class FullDiskTests
{
    private const string Said = "no space left on the disk holding ";

    [Fact(Timeout = 300_000)]
    public async Task PushConfigRestartCreate_OnAFullDisk_NameTheDiskAndPath_ThenAPushWorksWhenSpaceIsFreed()
    {
        await using var disk = await Tmpfs.MountAsync(30);
        var data = Path.Combine(disk.Path, "data");
        await using (var server = await TestServer.StartAsync(o => o with { DataDir = data }))
        {
            var repo = await AppRepo.CreateAsync(server, "crowded", SampleApps.Plain);
            var live = (await ReleaseManagementTests.DeployVersionsAsync(server, repo, 1))[0];
            var filler = disk.Fill();

            await repo.ChangeAsync("big.txt", RandomText(300_000));
            var push = await repo.PushAsync();
            Assert.NotEqual(0, push.ExitCode);
            AssertNamesTheDisk(push.Output, data);

            var config = await GitdeployCli.RunAsync(server, "config", "set", "crowded", "A=1");
            Assert.Equal(1, config.Exit);
            AssertNamesTheDisk(config.Err, data);
            Assert.Contains("HTTP 507", config.Err);

            var restart = await GitdeployCli.RunAsync(server, "restart", "crowded");
            Assert.Equal(1, restart.Exit);
            AssertNamesTheDisk(restart.Err, data);

            var create = await GitdeployCli.RunAsync(server, "apps", "create", "newcomer");
            Assert.Equal(1, create.Exit);
            AssertNamesTheDisk(create.Err, data);

            // Nothing already stored was damaged: the live release serves, the failed app left nothing.
            Assert.StartsWith($"plain {live} on", await server.GetAppTextAsync("crowded.localhost"));
            var apps = await server.Http.GetFromJsonAsync<JsonElement>("/api/apps");
            Assert.Equal(["crowded"], apps.EnumerateArray().Select(a => a.GetProperty("name").GetString()));

            // Space for the push to start, not for its pack: git's own words, then which disk.
            File.Delete(filler);
            filler = disk.Fill(leaveBytes: 1400 * 1024);
            await repo.ChangeAsync("bigger.txt", RandomText(3_000_000));
            var halfway = await repo.PushAsync();
            Assert.NotEqual(0, halfway.ExitCode);
            Assert.Contains("No space left on device", halfway.Output);
            AssertNamesTheDisk(halfway.Output, Path.Combine(data, "repos", "crowded.git"));

            File.Delete(filler);
            var next = (await ReleaseManagementTests.DeployVersionsAsync(server, repo, 1))[0];
            Assert.StartsWith($"plain {next} on", await server.GetAppTextAsync("crowded.localhost"));
            Assert.Equal(0, (await GitdeployCli.RunAsync(server, "config", "set", "crowded", "A=1")).Exit);
        }
    }

    private static string RandomText(int bytes) =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes));

    private static void AssertNamesTheDisk(string output, string data)
    {
        Assert.Contains(Said + data, output);
        Assert.DoesNotContain("internal error", output);
        Assert.DoesNotContain("tar#", output);
    }
}

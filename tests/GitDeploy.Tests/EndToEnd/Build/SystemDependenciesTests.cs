using GitDeploy.Build.SystemPackages;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd.Build;

/// <summary>
/// systemDependencies through real pushes and the real dpkg. Nothing big is installed: the "present"
/// case maps a Cloud Engine name to packages this machine has (git, curl), the "install" case uses
/// a stand-in apt-get/dpkg-query pair that only records what it was asked.
/// </summary>
public class SystemDependenciesTests
{
    private static void AppUsing(string dir, string dependencies, string build = "")
    {
        SampleApps.Write(
            dir,
            new Dictionary<string, string>
            {
                ["wsgi.py"] = FrameworkApps.FilesWsgi,
                ["requirements.txt"] = "",
                ["leanengine.yaml"] = $"systemDependencies: [{dependencies}]\n" + build,
            }
        );
    }

    [Fact(Timeout = 120_000)]
    public async Task InstalledPackages_AreUsed()
    {
        await using var server = await TestServer.StartAsync(o =>
            o with
            {
                SystemPackages = new()
                {
                    Names = new Dictionary<string, IReadOnlyList<string>> { ["ffmpeg"] = ["git", "curl"] },
                },
            }
        );
        var repo = await AppRepo.CreateAsync(
            server,
            "present",
            dir => AppUsing(dir, "ffmpeg", "build: git --version > tool.txt\n")
        );

        var push = (await repo.PushAsync()).ShouldSucceed();

        Assert.Contains("-----> Installing system dependencies", push.Output);
        Assert.Contains("ffmpeg: git (installed), curl (installed)", push.Output);
        Assert.DoesNotContain("apt-get", push.Output);
        Assert.StartsWith("git version ", await server.GetAppTextAsync("present.localhost", "/files/tool.txt"));
    }

    [Fact(Timeout = 120_000)]
    public async Task MissingPackages_WithoutPermissionToInstall_FailTheBuildNamingThemAndHowToAllowIt()
    {
        await using var server = await TestServer.StartAsync(o =>
            o with
            {
                SystemPackages = new()
                {
                    Names = new Dictionary<string, IReadOnlyList<string>>
                    {
                        ["imagemagick"] = ["gitdeploy-absent-package", "git"],
                    },
                },
            }
        );
        var repo = await AppRepo.CreateAsync(server, "absent", dir => AppUsing(dir, "imagemagick"));

        var push = await repo.PushAsync();

        Assert.Contains("imagemagick: gitdeploy-absent-package (missing), git (installed)", push.Output);
        Assert.Contains(
            "systemDependencies: Debian packages missing on this server: gitdeploy-absent-package.",
            push.Output
        );
        Assert.Contains(
            "apt-get install -y gitdeploy-absent-package) or to start "
                + "the server with `gitdeploy serve --allow-system-packages`",
            push.Output
        );
        Assert.Contains("Installing system dependencies failed", push.Output);
        Assert.Equal(503, (int)(await server.GetAppAsync("absent.localhost")).StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task UnknownAndDiscontinuedNames_FailListingTheSupportedOnes()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, "unknowndeps", dir => AppUsing(dir, "phantomjs, libfoo"));

        var push = await repo.PushAsync();

        Assert.Contains(
            "systemDependencies: 'phantomjs': PhantomJS is discontinued "
                + "(Cloud Engine dropped it too); use chrome-headless",
            push.Output
        );
        Assert.Contains(
            "systemDependencies: unknown name 'libfoo'; supported: chrome-headless, "
                + "ffmpeg, fonts-noto, fonts-wqy, imagemagick, node-canvas, "
                + "python-talib",
            push.Output
        );
        Assert.Contains("Build failed", push.Output);
    }

    [Fact(Timeout = 120_000)]
    public async Task MissingPackages_AreInstalledWithAptGet_WhenTheServerAllowsIt()
    {
        var (dpkgQuery, aptGet) = FakeDpkg();
        await using var server = await TestServer.StartAsync(o =>
            o with
            {
                SystemPackages = new()
                {
                    AllowInstall = true,
                    DpkgQuery = dpkgQuery,
                    AptGet = aptGet,
                    Names = new Dictionary<string, IReadOnlyList<string>>
                    {
                        ["fonts-wqy"] = ["fake-wqy-microhei", "fake-wqy-zenhei"],
                    },
                },
            }
        );
        var repo = await AppRepo.CreateAsync(server, "allowed", dir => AppUsing(dir, "fonts-wqy"));

        var first = (await repo.PushAsync()).ShouldSucceed();
        await repo.ChangeAsync("README", "again");
        var second = (await repo.PushAsync()).ShouldSucceed();

        Assert.Contains("fonts-wqy: fake-wqy-microhei (missing), fake-wqy-zenhei (missing)", first.Output);
        Assert.Contains("$ apt-get install -y --no-install-recommends fake-wqy-microhei fake-wqy-zenhei", first.Output);
        Assert.Contains("installed fake-wqy-microhei fake-wqy-zenhei", first.Output);
        Assert.Contains("fonts-wqy: fake-wqy-microhei (installed), fake-wqy-zenhei (installed)", second.Output);
        Assert.DoesNotContain("apt-get install", second.Output);
        Assert.StartsWith("files app ", await server.GetAppTextAsync("allowed.localhost"));
    }

    [Fact]
    public void TheDefaultMap_CoversCloudEnginesList()
    {
        Assert.Equal(
            ["chrome-headless", "ffmpeg", "fonts-noto", "fonts-wqy", "imagemagick", "node-canvas", "python-talib"],
            SystemPackagesOptions.CloudEngineNames.Keys.Order(StringComparer.Ordinal)
        );
        Assert.Contains("phantomjs", SystemPackagesOptions.Discontinued.Keys);
    }

    /// <summary>dpkg-query and apt-get stand-ins sharing a folder of "installed" packages.</summary>
    private static (string DpkgQuery, string AptGet) FakeDpkg()
    {
        var dir = TestEnvironment.TempDir("gd-dpkg");
        var state = Directory.CreateDirectory(Path.Combine(dir, "installed")).FullName;
        var query = Path.Combine(dir, "dpkg-query");
        var apt = Path.Combine(dir, "apt-get");
        File.WriteAllText(
            query,
            $$"""
            #!/bin/bash
            for a in "$@"; do
              case $a in
                -*) ;;
                *) if [ -e "{{state}}/$a" ]; then echo "$a ii "
                   else echo "dpkg-query: no packages found matching $a" >&2; fi ;;
              esac
            done
            """ + "\n"
        );
        File.WriteAllText(
            apt,
            $$"""
            #!/bin/bash
            [ "$1" = install ] || exit 0
            for a in "${@:2}"; do
              case $a in -*) ;; *) echo "Setting up $a (1.0) ..."; touch "{{state}}/$a" ;; esac
            done
            """ + "\n"
        );
        foreach (var f in new[] { query, apt })
            File.SetUnixFileMode(f, (UnixFileMode)0b111_101_101);
        return (query, apt);
    }
}

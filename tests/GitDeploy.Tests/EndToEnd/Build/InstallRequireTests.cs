using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd.Build;

/// <summary><c>{require: [...]}</c> exactly as Cloud Engine: install sees requirements.txt and the required paths,
/// nothing else; build sees the whole tree.</summary>
public class InstallRequireTests
{
    [Fact(Timeout = 120_000)]
    public async Task Install_SeesOnlyRequirementsAndRequiredPaths_BuildSeesTheWholeTree()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "required",
            dir =>
                SampleApps.Write(
                    dir,
                    new Dictionary<string, string>
                    {
                        ["wsgi.py"] = FrameworkApps.FilesWsgi,
                        ["requirements.txt"] = "",
                        [".python-version"] = "3.12",
                        ["README.md"] = "not needed to install",
                        ["config/settings.txt"] = "needed",
                        ["config/other.txt"] = "not required",
                        ["vendor/a.txt"] = "a",
                        ["vendor/sub/b.txt"] = "b",
                        ["leanengine.yaml"] = """
                        install:
                          - {require: [config/settings.txt, vendor]}
                          - find . -type f | sort | sed 's/^/present-during-install /'
                          - {use: default}
                        build:
                          - find . -type f -not -path './.git*' | sort | tr '\n' ' ' > tree.txt
                        """,
                    }
                )
        );

        var push = (await repo.PushAsync("-o", "printBuildLogs=true", "main")).ShouldSucceed();

        var present = push
            .Output.Split('\n')
            .Where(l => l.StartsWith("remote: present-during-install "))
            .Select(l => l["remote: present-during-install ".Length..].Trim())
            .ToList();
        Assert.Equal(["./config/settings.txt", "./requirements.txt", "./vendor/a.txt", "./vendor/sub/b.txt"], present);
        var tree = await server.GetAppTextAsync("required.localhost", "/files/tree.txt");
        foreach (
            var file in new[]
            {
                "./README.md",
                "./config/other.txt",
                "./config/settings.txt",
                "./vendor/sub/b.txt",
                "./wsgi.py",
                "./.python-version",
            }
        )
            Assert.Contains(file + " ", tree);
    }

    [Fact(Timeout = 120_000)]
    public async Task RequiringAPathThatIsNotInTheRepository_FailsNamingIt()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "badrequire",
            dir =>
            {
                SampleApps.Plain(dir);
                File.WriteAllText(
                    Path.Combine(dir, "leanengine.yaml"),
                    "install:\n  - {require: [constraints.txt]}\n  - {use: default}\n"
                );
            }
        );

        var push = await repo.PushAsync();

        Assert.Contains(
            "install: {require: [...]} names 'constraints.txt', not in "
                + "the repository (paths are relative to the app's root); fix "
                + "the path or commit the file",
            push.Output
        );
        Assert.Contains("Installing dependencies failed", push.Output);
        Assert.Equal(503, (int)(await server.GetAppAsync("badrequire.localhost")).StatusCode);
    }
}

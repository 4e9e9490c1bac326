using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd.Build;

/// <summary>A PEP 621 project (pyproject.toml, no requirements.txt) is a Python app.</summary>
public class PyprojectTests
{
    private const string Pyproject = """
        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "hello-flask"
        version = "0.1.0"
        requires-python = ">=3.10"
        dependencies = [
            "flask>=3",
        ]
        """;

    [Fact(Timeout = 240_000)]
    public async Task PyprojectOnlyFlaskApp_Deploys_SayingWhichFileWasUsed()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "pyproj",
            dir =>
                SampleApps.Write(
                    dir,
                    new Dictionary<string, string>
                    {
                        ["pyproject.toml"] = Pyproject,
                        ["wsgi.py"] = SampleApps.FlaskWsgi,
                        [".python-version"] = "3.10",
                    }
                )
        );

        var push = await repo.PushAsync();

        push.ShouldSucceed();
        Assert.True(push.Output.Contains("Python (wsgi.py and pyproject.toml)"), push.Output);
        Assert.True(push.Output.Contains("pyproject.toml: installing its [project] dependencies (1)"), push.Output);
        Assert.StartsWith("flask says hi from ", await server.GetAppTextAsync("pyproj.localhost"));

        // The cache key holds pyproject.toml: a changed dependency list is a new environment.
        var broken = Pyproject.Replace("\"flask>=3\",", "\"flask>=3\", \"no-such-distribution-gitdeploy\",");
        await repo.ChangeAsync("pyproject.toml", broken);
        var changed = await repo.PushAsync();
        Assert.Contains("No matching distribution found for no-such-distribution-gitdeploy", changed.Output);
    }

    [Fact(Timeout = 120_000)]
    public async Task UnknownLayout_SaysWhatWasLookedForOnce()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "nolayout",
            dir =>
                SampleApps.Write(
                    dir,
                    new Dictionary<string, string>
                    {
                        ["pyproject.toml"] = "[tool.black]\nline-length = 100",
                        ["wsgi.py"] = SampleApps.PlainWsgi,
                    }
                )
        );

        var push = await repo.PushAsync();

        Assert.Equal(1, push.Output.Split("looked for wsgi.py and requirements.txt").Length - 1);
        Assert.Contains("a pyproject.toml with a [project] table", push.Output);
        Assert.Contains("Build failed: no buildpack detected this app", push.Output);
    }
}

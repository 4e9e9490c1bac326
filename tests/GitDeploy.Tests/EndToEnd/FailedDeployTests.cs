using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.EndToEnd;

/// <summary>A deploy that fails at any stage says why and never touches the live release.</summary>
public class FailedDeployTests
{
    private static async Task<(TestServer Server, AppRepo Repo, string LiveBody)> LiveAppAsync(string name)
    {
        var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(server, name, SampleApps.Plain);
        (await repo.PushAsync()).ShouldSucceed();
        return (server, repo, await server.GetAppTextAsync($"{name}.localhost"));
    }

    [Fact(Timeout = 180_000)]
    public async Task Push_WithMissingRequirement_ShowsPipsErrorAndKeepsThePreviousReleaseServing()
    {
        var (server, repo, live) = await LiveAppAsync("badreqs");
        await using var _ = server;

        await repo.ChangeAsync("requirements.txt", "no-such-distribution-gitdeploy==1.0");
        var push = await repo.PushAsync();

        Assert.Contains("No matching distribution found for no-such-distribution-gitdeploy", push.Output);
        Assert.Contains("Installing dependencies failed", push.Output);
        Assert.Contains("The running release was not changed", push.Output);
        // The summary names pip's error, with one period; the stored log holds pip's output once.
        Assert.Contains(
            "Build failed: installing dependencies failed: ERROR: No matching distribution found for "
                + "no-such-distribution-gitdeploy==1.0. The running release was not changed.",
            push.Output
        );
        Assert.DoesNotContain(".. ", push.Output);
        var stored = await server.Http.GetStringAsync("/api/apps/badreqs/deploys/2/log");
        Assert.Equal(2, stored.Split("No matching distribution found").Length - 1);
        Assert.Equal(live, await server.GetAppTextAsync("badreqs.localhost"));
        Assert.Single(await PushToDeployTests.TagsAsync(repo));
    }

    [Fact(Timeout = 180_000)]
    public async Task Push_OfAppThatCannotStart_FailsTheStartupCheckAndKeepsThePreviousReleaseServing()
    {
        var (server, repo, live) = await LiveAppAsync("nostart");
        await using var _ = server;

        await repo.ChangeAsync(
            "wsgi.py",
            "import sys\nprint('cannot find my database', file=sys.stderr)\nraise SystemExit(3)"
        );
        var push = await repo.PushAsync();

        Assert.Contains("Instance failed to start", push.Output);
        Assert.True(push.Output.Contains("cannot find my database"), push.Output);
        Assert.Contains("keeps serving production", push.Output);
        Assert.Equal(live, await server.GetAppTextAsync("nostart.localhost"));
    }

    [Fact(Timeout = 120_000)]
    public async Task Push_WithInvalidLeanengineYaml_FailsNamingTheKey()
    {
        var (server, repo, live) = await LiveAppAsync("badyaml");
        await using var _ = server;

        await repo.ChangeAsync("leanengine.yaml", "startupTimeout: 500\ncolour: blue");
        var push = await repo.PushAsync();

        Assert.Contains(
            "'startupTimeout' (line 1): must be a whole number of seconds from 15 to 120, not '500'",
            push.Output
        );
        Assert.Contains("'colour' (line 2): unknown key", push.Output);
        Assert.Contains("Build failed", push.Output);
        Assert.Equal(live, await server.GetAppTextAsync("badyaml.localhost"));
    }

    [Fact(Timeout = 120_000)]
    public async Task Push_AskingForUnknownPython_FailsListingTheVersionsThatCanBeHad()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "oldpy",
            dir =>
            {
                SampleApps.Plain(dir);
                File.WriteAllText(Path.Combine(dir, ".python-version"), "3.99\n");
            }
        );

        var push = await repo.PushAsync();

        Assert.Contains("Python 3.99 cannot be had on this server", push.Output);
        Assert.Matches(@"Installed: .*3\.10\.\d+", push.Output);
        Assert.Contains("Build failed", push.Output);
        var r = await server.GetAppAsync("oldpy.localhost");
        Assert.Equal(503, (int)r.StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task Push_OfSomethingThatIsNotAPythonApp_SaysWhatWasLookedFor()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "notpy",
            dir => SampleApps.Write(dir, new Dictionary<string, string> { ["index.js"] = "console.log(1)" })
        );

        var push = await repo.PushAsync();

        Assert.Contains("looked for wsgi.py and requirements.txt", push.Output);
        Assert.Contains("Build failed", push.Output);
    }

    [Fact(Timeout = 120_000)]
    public async Task FailedBuildStep_ShowsTheFullLogOfThatStepOnly()
    {
        await using var server = await TestServer.StartAsync();
        var repo = await AppRepo.CreateAsync(
            server,
            "badbuild",
            dir =>
            {
                SampleApps.Plain(dir);
                File.WriteAllText(
                    Path.Combine(dir, "leanengine.yaml"),
                    "build:\n  - echo quiet-step-output\n  - echo loud-failure-detail; exit 7\n"
                );
            }
        );

        var push = await repo.PushAsync();

        Assert.Contains("loud-failure-detail", push.Output);
        Assert.Contains("Running build steps failed (exit 7)", push.Output);
        Assert.Contains("the failed step's log", push.Output);
    }
}

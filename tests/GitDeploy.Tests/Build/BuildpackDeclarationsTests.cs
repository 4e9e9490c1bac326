using GitDeploy.Build.Pipeline;

namespace GitDeploy.Tests.Build;

/// <summary>The KEY=VALUE declarations a buildpack's scripts write to $GITDEPLOY_OUTPUT.</summary>
public class BuildpackDeclarationsTests
{
    private static BuildpackDeclarations Parse(Dictionary<string, string> keys)
    {
        var (d, error) = BuildpackDeclarations.Parse(keys);
        Assert.True(d is not null, error);
        return d!;
    }

    [Fact]
    public void RunEnvironment_HoldsTheSharedAndRunOnlyVariables_AndBuildStepsTheSharedAndBuildOnlyOnes()
    {
        var d = Parse(new()
        {
            ["GITDEPLOY_RUNTIME_VERSION"] = "1.2.3",
            ["GITDEPLOY_PATH"] = "{env}/a/bin:{env}/b/bin",
            ["GITDEPLOY_ENV_HOME_OF_IT"] = "{env}/a",
            ["GITDEPLOY_RUN_ENV_ONLY_RUN"] = "1",
            ["GITDEPLOY_BUILD_ENV_ONLY_BUILD"] = "",
            ["GITDEPLOY_LINKS"] = "node_modules",
            ["TOOL"] = "/usr/bin/tool",
        });

        var run = d.Run.For("/envs/k-1");
        Assert.Equal(["/envs/k-1/a/bin", "/envs/k-1/b/bin"], run.PathPrefix);
        Assert.Equal("/envs/k-1/a", run.Variables["HOME_OF_IT"]);
        Assert.Equal("1", run.Variables["ONLY_RUN"]);
        Assert.False(run.Variables.ContainsKey("ONLY_BUILD"));
        Assert.Equal(["node_modules"], run.Links);
        var steps = d.StepVariables("/envs/k-1").ToDictionary();
        Assert.Equal("/envs/k-1/a", steps["HOME_OF_IT"]);
        Assert.Equal("", steps["ONLY_BUILD"]);
        Assert.False(steps.ContainsKey("ONLY_RUN"));
        Assert.Equal("/envs/k-1/a/bin:/envs/k-1/b/bin:/usr/bin", d.StepPath("/envs/k-1", "/usr/bin"));
        Assert.Equal("/usr/bin/tool", d.Variables["TOOL"]);
        // release.json keeps the placeholder: the environment may move.
        Assert.Equal("{env}/a/bin", d.Run.PathPrefix[0]);
    }

    [Fact]
    public void Cache_IsANameAndTheVariableThatCarriesItsPath()
    {
        var d = Parse(new() { ["GITDEPLOY_RUNTIME_VERSION"] = "1", ["GITDEPLOY_CACHE"] = "npm npm_config_cache" });
        Assert.Equal(("npm", "npm_config_cache"), d.Cache);
        Assert.Equal("the install step", d.Installer);
    }

    [Theory]
    [InlineData("GITDEPLOY_RUNTIME_VERSION", "", "no GITDEPLOY_RUNTIME_VERSION")]
    [InlineData("GITDEPLOY_STRAT", "npm start", "unknown key GITDEPLOY_STRAT")]
    [InlineData("GITDEPLOY_CACHE", "../pip PIP_CACHE_DIR", "GITDEPLOY_CACHE must be 'NAME VARIABLE'")]
    [InlineData("GITDEPLOY_LINKS", "../node_modules", "must be a name in the app's directory")]
    [InlineData("GITDEPLOY_DEPENDENCY_FILES", "/etc/passwd", "must be a path inside the app")]
    [InlineData("GITDEPLOY_ENV_1X", "y", "'1X' is not a variable name")]
    public void AWrongDeclaration_IsAnErrorNamingIt(string key, string value, string said)
    {
        var keys = new Dictionary<string, string> { ["GITDEPLOY_RUNTIME_VERSION"] = "1", [key] = value };

        var (d, error) = BuildpackDeclarations.Parse(keys);

        Assert.Null(d);
        Assert.Contains(said, error);
    }
}

using System.Collections;
using GitDeploy.Isolation.Processes;

namespace GitDeploy.Tests.Isolation;

/// <summary>The one policy for what a child process (git, build step, instance) inherits from the server.</summary>
public class ChildEnvironmentTests
{
    private static readonly Hashtable Server = new()
    {
        ["PATH"] = "/usr/bin",
        ["PIP_FIND_LINKS"] = "/wheels",
        ["LC_ALL"] = "C.UTF-8",
        ["LC_CTYPE"] = "C.UTF-8",
        ["GIT_DIR"] = "/elsewhere.git",
        ["GITDEPLOY_SECRET_KEY"] = "k",
        ["GITDEPLOY_TOKEN"] = "t",
        ["GITDEPLOY_PYENV_INSTALL_TIMEOUT"] = "600",
        ["DOTNET_gcServer"] = "1",
        ["ASPNETCORE_URLS"] = "http://0.0.0.0:1",
        ["LEANCLOUD_APP_ID"] = "the server's",
        ["LC_APP_ID"] = "the server's",
    };

    [Fact(Timeout = 10_000)]
    public Task ServerOnlyAndPlatformNames_AreUnset_TheLocaleAndToolSettingsPass()
    {
        var env = ChildEnvironment.From(Server, []);
        string[] unset =
        [
            "GIT_DIR", "GITDEPLOY_SECRET_KEY", "GITDEPLOY_TOKEN", "GITDEPLOY_PYENV_INSTALL_TIMEOUT", "DOTNET_gcServer",
            "ASPNETCORE_URLS", "LEANCLOUD_APP_ID", "LC_APP_ID",
        ];
        Assert.Equal(unset.Order(), env.Keys.Order());
        Assert.All(env.Values, Assert.Null);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 10_000)]
    public Task AKeptName_Passes()
    {
        var env = ChildEnvironment.From(Server, ["GITDEPLOY_PYENV_INSTALL_TIMEOUT"]);
        Assert.DoesNotContain("GITDEPLOY_PYENV_INSTALL_TIMEOUT", env.Keys);
        Assert.Contains("GITDEPLOY_SECRET_KEY", env.Keys);
        return Task.CompletedTask;
    }
}

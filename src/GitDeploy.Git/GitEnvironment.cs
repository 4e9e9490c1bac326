using GitDeploy.Isolation.Processes;

namespace GitDeploy.Git;

/// <summary>
/// The environment of every git the server runs: a child's (<see cref="ChildEnvironment"/>: no inherited
/// <c>GIT_*</c>), HOME pinned, no system config.
/// </summary>
public static class GitEnvironment
{
    public static Dictionary<string, string?> Base(string home)
    {
        var env = ChildEnvironment.Inherited();
        env["HOME"] = home;
        env["GIT_CONFIG_NOSYSTEM"] = "1";
        return env;
    }
}

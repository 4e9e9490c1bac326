using GitDeploy.State;

namespace GitDeploy.Deploys.Branches;

/// <summary>Each app's own <see cref="BranchMapping"/>: the default until <c>apps set --branch</c> changes
/// it.</summary>
public sealed class BranchMap(AppStore apps)
{
    public BranchMapping For(string app) =>
        apps.Branches(app) is { } stored ? BranchMapping.Parse(stored) : BranchMapping.Default;

    /// <summary>Sets BRANCH=ENV (ENV <see cref="BranchMapping.None"/> removes the branch); the new map, or why
    /// not.</summary>
    public (BranchMapping? Map, string? Error) Set(string app, IEnumerable<(string Branch, string Env)> changes)
    {
        var (map, error) = For(app).With(changes);
        if (map is not null) apps.SetBranches(app, map.Format());
        return (map, error);
    }
}

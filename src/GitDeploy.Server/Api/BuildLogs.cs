using GitDeploy.Deploys.Queue;
using GitDeploy.Deploys.Releases;

namespace GitDeploy.Server.Api;

/// <summary>Where a release's build log is stored: with its artifact, or, once that was pruned, with the deploy that
/// built it.</summary>
public sealed class BuildLogs(ReleaseFiles files, DeployService deploys, ReleaseStore releases)
{
    public string? PathOf(string app, string tag)
    {
        var stored = Path.Combine(files.Dir(app, tag), "build.log");
        if (File.Exists(stored)) return stored;
        var deployLog = releases.Find(app, tag) is { } r ? deploys.LogPath(app, r.DeployId) : null;
        return deployLog is not null && File.Exists(deployLog) ? deployLog : null;
    }
}

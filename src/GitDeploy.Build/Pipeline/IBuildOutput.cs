namespace GitDeploy.Build.Pipeline;

/// <summary>
/// Where a build writes. <paramref name="detail"/> lines (pip's output, build commands) are stored
/// in the build log but shown to the pusher only with printBuildLogs=true or when their step fails.
/// </summary>
public interface IBuildOutput
{
    void Write(string line, bool detail = false);

    /// <summary>Shows a line already stored as detail (a failed step's log) without storing it twice.</summary>
    void Show(string line) => Write(line);
}

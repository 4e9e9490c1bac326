using GitDeploy.Build.Pipeline;

namespace GitDeploy.Deploys.Releases;

/// <summary>Build output that only reports its shown lines to a progress callback (an environment rebuilt).</summary>
internal sealed class ProgressOutput(Action<string> progress) : IBuildOutput
{
    public void Write(string line, bool detail = false)
    {
        if (!detail) progress(line.Trim());
    }
}

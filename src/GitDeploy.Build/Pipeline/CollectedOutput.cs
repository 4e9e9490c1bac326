namespace GitDeploy.Build.Pipeline;

/// <summary>Build output held back to be shown later, or not at all (the detect scripts that did not match).</summary>
internal sealed class CollectedOutput : IBuildOutput
{
    private readonly List<(string Line, bool Detail)> _lines = [];

    public void Write(string line, bool detail = false)
    {
        lock (_lines) _lines.Add((line, detail));
    }

    public void ReplayTo(IBuildOutput output)
    {
        lock (_lines)
        {
            foreach (var (line, detail) in _lines) output.Write(line, detail);
            _lines.Clear();
        }
    }
}

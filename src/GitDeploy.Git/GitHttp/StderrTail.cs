namespace GitDeploy.Git.GitHttp;

/// <summary>The last lines of a process's stderr, for error messages; bounded so a chatty git cannot grow
/// memory.</summary>
internal sealed class StderrTail(int maxLines = 20)
{
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line.Length > 1000 ? line[..1000] : line);
            while (_lines.Count > maxLines)
                _lines.Dequeue();
        }
    }

    public override string ToString()
    {
        lock (_lines)
            return string.Join("\n", _lines);
    }
}

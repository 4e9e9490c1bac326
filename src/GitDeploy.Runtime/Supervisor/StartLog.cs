namespace GitDeploy.Runtime.Supervisor;

/// <summary>
/// What an instance printed, kept to explain a failed start: its first lines (where an app usually
/// says why), its last ones, and the last Python traceback's exception line with the frames just
/// before it, which a head/tail cut alone drops when a server prints dozens of lines around it.
/// </summary>
public sealed class StartLog
{
    private const int HeadLines = 20;
    private const int TailLines = 50;
    private const int FramesKept = 8;

    private readonly List<string> _head = [];
    private readonly Queue<(long Index, string Line)> _tail = new();
    private readonly List<string> _frames = [];
    private bool _inTraceback;
    private long _lines;
    private (long Index, IReadOnlyList<string> Lines)? _error;

    public void Add(string line)
    {
        lock (_head)
        {
            var index = _lines++;
            if (_head.Count < HeadLines)
                _head.Add(line);
            else
            {
                _tail.Enqueue((index, line));
                while (_tail.Count > TailLines)
                    _tail.Dequeue();
            }
            Follow(index, line);
        }
    }

    private static readonly string[] Consequences = ["gunicorn.errors.HaltServer", "SystemExit"];

    /// <summary>"Traceback (most recent call last):", indented frames, then the exception line.</summary>
    private void Follow(long index, string line)
    {
        if (line.Contains("Traceback (most recent call last):", StringComparison.Ordinal))
        {
            _inTraceback = true;
            _frames.Clear();
            return;
        }
        if (!_inTraceback)
            return;
        if (line.Length > 0 && char.IsWhiteSpace(line[0]))
        {
            _frames.Add(line);
            return;
        }
        _inTraceback = false;
        if (line.Trim().Length == 0)
            return;
        // gunicorn's master halting because a worker failed to boot is a consequence: keep the worker's cause.
        if (_error is not null && Consequences.Any(c => line.TrimStart().StartsWith(c, StringComparison.Ordinal)))
            return;
        var kept = _frames.TakeLast(FramesKept).ToList();
        var left = _frames.Count - kept.Count;
        _error = (
            index,
            [
                "Traceback (most recent call last):",
                .. left > 0 ? [$"  … ({left} lines of frames left out)"] : Array.Empty<string>(),
                .. kept,
                line,
            ]
        );
    }

    /// <summary>The exception line of the last traceback, if the app printed one.</summary>
    public string? LastError
    {
        get
        {
            lock (_head)
                return _error?.Lines[^1];
        }
    }

    /// <summary>
    /// At most about <paramref name="n"/> lines: the first and the last ones, with a marker where
    /// lines were left out, and the last traceback's end when the cut would leave its exception out.
    /// </summary>
    public IReadOnlyList<string> Lines(int n)
    {
        lock (_head)
        {
            var all = _head.Concat(_tail.Select(t => t.Line));
            if (_lines <= n)
                return all.ToList();
            var error = _error is { } e && !Shown(e.Index, n) ? e.Lines : null;
            var budget = n - (error is null ? 0 : error.Count + 1);
            var head = _head.Take(Math.Max(budget / 3, 3)).ToList();
            var last = _tail.TakeLast(Math.Max(budget - head.Count - 1, 5)).ToList();
            var gap = _lines - head.Count - last.Count;
            if (error is null)
                return [.. head, $"… ({gap} lines left out)", .. last.Select(t => t.Line)];
            return
            [
                .. head,
                "… (lines left out; the app's last error:)",
                .. error,
                "… (lines left out; the last lines:)",
                .. last.Select(t => t.Line),
            ];
        }
    }

    private bool Shown(long index, int n)
    {
        var head = Math.Min(_head.Count, n / 3);
        return index < head || index >= _lines - (n - head - 1);
    }
}

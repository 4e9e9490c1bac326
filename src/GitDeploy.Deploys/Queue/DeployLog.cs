using GitDeploy.Build.Pipeline;

namespace GitDeploy.Deploys.Queue;

/// <summary>
/// A deploy's output: every line goes to the stored log file; shown lines (not detail) are also
/// kept in memory for live readers (the pusher's hook, the API). Many readers, each from line 0.
/// </summary>
public sealed class DeployLog : IBuildOutput, IDisposable
{
    private readonly List<string> _shown = [];
    private readonly StreamWriter _file;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _completed;

    public string FilePath { get; }

    public DeployLog(string filePath)
    {
        FilePath = filePath;
        Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
        _file = new StreamWriter(new FileStream(filePath, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            AutoFlush = true,
        };
    }

    public void Write(string line, bool detail = false)
    {
        TaskCompletionSource changed;
        lock (_shown)
        {
            if (_completed)
                return;
            // The file is the record; a full disk must not also take the live output from the pusher.
            try
            {
                _file.WriteLine(line);
            }
            catch (IOException) { }
            if (detail)
                return;
            _shown.Add(line);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    public void Show(string line)
    {
        TaskCompletionSource changed;
        lock (_shown)
        {
            if (_completed)
                return;
            _shown.Add(line);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    public void Complete()
    {
        TaskCompletionSource changed;
        lock (_shown)
        {
            if (_completed)
                return;
            _completed = true;
            try
            {
                _file.Dispose();
            }
            catch (IOException) { }
            changed = _changed;
        }
        changed.TrySetResult();
    }

    public async IAsyncEnumerable<string> ReadAllAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default
    )
    {
        var next = 0;
        while (true)
        {
            Task wait;
            List<string> batch;
            bool done;
            lock (_shown)
            {
                batch = _shown.GetRange(next, _shown.Count - next);
                next = _shown.Count;
                done = _completed;
                wait = _changed.Task;
            }
            foreach (var l in batch)
                yield return l;
            if (done)
                yield break;
            await wait.WaitAsync(ct);
        }
    }

    public void Dispose() => Complete();
}

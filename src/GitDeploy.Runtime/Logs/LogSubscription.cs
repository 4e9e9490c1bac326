using System.Threading.Channels;

namespace GitDeploy.Runtime.Logs;

/// <summary>A live reader of an app's log; lines arrive from the moment it was created.</summary>
public sealed class LogSubscription(ChannelReader<LogLine> reader, Action unsubscribe) : IDisposable
{
    public async IAsyncEnumerable<LogLine> ReadAllAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct
    )
    {
        while (true)
        {
            try
            {
                if (!await reader.WaitToReadAsync(ct))
                    yield break;
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            while (reader.TryRead(out var line))
                yield return line;
        }
    }

    public void Dispose() => unsubscribe();
}

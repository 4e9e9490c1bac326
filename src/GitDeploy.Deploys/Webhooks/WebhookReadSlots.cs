namespace GitDeploy.Deploys.Webhooks;

/// <summary>
/// How many delivery bodies are read at once before their signature is known: a flood of unsigned
/// or wrongly signed 25 MB bodies waits here instead of filling memory and disk. A delivery that
/// finds no slot within <see cref="Wait"/> is answered 503 (providers redeliver).
/// </summary>
public sealed class WebhookReadSlots
{
    public const int MaxConcurrentReads = 4;
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _slots = new(MaxConcurrentReads, MaxConcurrentReads);

    /// <summary>A slot to dispose when the read is done, or null when none freed up in time.</summary>
    public async Task<IDisposable?> EnterAsync(CancellationToken ct) =>
        await _slots.WaitAsync(Wait, ct) ? new Slot(_slots) : null;

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}

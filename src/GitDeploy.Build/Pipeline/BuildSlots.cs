namespace GitDeploy.Build.Pipeline;

/// <summary>
/// At most <see cref="BuildOptions.ParallelBuilds"/> builds at once, server-wide. Deploys of one app
/// are already serialized by its queue, so a build that waits here waits for other apps, and says so.
/// </summary>
public sealed class BuildSlots(BuildOptions options)
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.ParallelBuilds));

    public async Task<IDisposable> AcquireAsync(IBuildOutput output, CancellationToken ct)
    {
        if (!_slots.Wait(0))
        {
            var n = Math.Max(1, options.ParallelBuilds);
            output.Write(
                BuildText.Header(
                    $"Waiting for a build slot: {n} build{(n == 1 ? "" : "s")} of other apps running "
                        + $"(serve --parallel-builds {n}); this build starts when one ends"
                )
            );
            await _slots.WaitAsync(ct);
        }
        return new Slot(_slots);
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                slots.Release();
        }
    }
}

namespace GitDeploy.Tests.Infrastructure;

/// <summary>Waiting in tests is a poll with a deadline, never a bare sleep.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var v = await probe();
                if (v is not null && !(v is bool b && !b))
                    return v;
            }
            catch (Exception e)
            {
                last = e;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException(
            $"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}"
                + (last is null ? "" : $" (last error: {last.Message})")
        );
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        UntilAsync<object>(() => Task.FromResult(condition() ? new object() : null), timeout, what);
}

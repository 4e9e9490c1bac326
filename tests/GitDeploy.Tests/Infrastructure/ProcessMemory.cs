namespace GitDeploy.Tests.Infrastructure;

/// <summary>A process's resident memory from /proc/PID/status (VmRSS), and its peak while something runs.</summary>
public static class ProcessMemory
{
    public static long RssMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:"));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]) / 1024;
    }

    /// <summary>Runs <paramref name="load"/> while sampling the RSS every 20 ms; returns the highest sample.</summary>
    public static async Task<long> PeakDuringAsync(int pid, Func<Task> load)
    {
        using var done = new CancellationTokenSource();
        long peak = RssMiB(pid);
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, RssMiB(pid));
                try { await Task.Delay(20, done.Token); } catch (OperationCanceledException) { }
            }
        });
        try { await load(); }
        finally
        {
            await done.CancelAsync();
            await sampler;
        }
        return Math.Max(peak, RssMiB(pid));
    }
}

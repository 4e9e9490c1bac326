namespace GitDeploy.Runtime.Supervisor;

/// <summary>
/// The health checks of a running instance: one probe every <see cref="SupervisorOptions.HealthInterval"/>,
/// unhealthy after <see cref="SupervisorOptions.HealthFailures"/> failures in a row (a success resets the
/// count). Time comes from the clock it is given, so the policy is tested on a fake one.
/// </summary>
public static class HealthWatch
{
    /// <summary>Returns "exited", "stopped", or the failure that made the instance unhealthy.</summary>
    /// <param name="probe">One check: whether it passed, and what it saw.</param>
    /// <param name="failed">Told each failure with its number in the current run of failures.</param>
    public static async Task<string> RunAsync(
        Func<CancellationToken, Task<(bool Ok, string Detail)>> probe, Task exited, SupervisorOptions o,
        TimeProvider clock, Action<int, string> failed, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try { await Task.WhenAny(exited, Task.Delay(o.HealthInterval, clock, ct)); }
            catch (OperationCanceledException) { return "stopped"; }
            if (exited.IsCompleted) return "exited";
            if (ct.IsCancellationRequested) return "stopped";
            var (ok, detail) = await probe(ct);
            if (ok) { failures = 0; continue; }
            if (exited.IsCompleted) return "exited";
            failures++;
            failed(failures, detail);
            if (failures >= o.HealthFailures) return $"({detail}, {failures} times in a row)";
        }
        return "stopped";
    }
}

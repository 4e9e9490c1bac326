using GitDeploy.Isolation;
using Microsoft.Extensions.Hosting;

namespace GitDeploy.Runtime.Supervisor;

/// <summary>
/// At start, stops what a killed server left running (then its empty cgroups go); at stop, stops
/// every instance (SIGTERM, grace, SIGKILL) and, once everything has stopped, removes the cgroups.
/// </summary>
internal sealed class SupervisorLifetime(Supervisor supervisor, Sandbox sandbox) : IHostedLifecycleService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await supervisor.ReapOrphansAsync();
        sandbox.Cgroups.Sweep();
    }

    public async Task StopAsync(CancellationToken ct) => await supervisor.DisposeAsync();

    public Task StoppedAsync(CancellationToken ct)
    {
        sandbox.Cgroups.RemoveAll();
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
}

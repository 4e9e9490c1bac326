using GitDeploy.Build.Cache;
using GitDeploy.Build.Pipeline;
using GitDeploy.Build.Processes;
using Microsoft.Extensions.Hosting;

namespace GitDeploy.Build;

/// <summary>
/// Before the first build: the build steps a server killed with -9 left running are killed (one could
/// still be writing into an environment), then the environments they left unfinished are swept.
/// </summary>
internal sealed class BuildStartup(BuildOptions options, EnvCache cache, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (options.Owner is not null) await BuildProcesses.KillOrphansAsync(options.Owner, clock);
        cache.SweepIncomplete();
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

using GitDeploy.Deploys.Releases;
using GitDeploy.Isolation;
using GitDeploy.Runtime.Router;
using GitDeploy.State;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Hosting;

namespace GitDeploy.Deploys;

/// <summary>
/// At start, a deploy the previous server left half-done is marked failed and its files swept; once
/// Kestrel listens (apps are told the platform's URL), every environment's active release is started
/// again, in the background. At stop, once every instance has stopped, the persistent volumes go.
/// </summary>
internal sealed class DeploysLifetime(
    DeployStore deploys, ReleaseFiles files, PlatformUrl url, ReleaseStarter starter, PersistentVolumes volumes,
    IServer server, IHostApplicationLifetime lifetime) : IHostedLifecycleService
{
    public Task StartAsync(CancellationToken ct)
    {
        deploys.FailUnfinished("the server stopped during this deploy");
        files.SweepUnfinished();
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken ct)
    {
        if (BoundAddresses.FirstHttp(server) is { } first) url.Value = first.GetLeftPart(UriPartial.Authority);
        _ = Task.Run(() => starter.RestoreAllAsync(lifetime.ApplicationStopping));
        return Task.CompletedTask;
    }

    public async Task StoppedAsync(CancellationToken ct) => await volumes.UnmountAllAsync();

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
}

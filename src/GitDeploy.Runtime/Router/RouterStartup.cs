using GitDeploy.State;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GitDeploy.Runtime.Router;

/// <summary>Loads the custom domains before the first request; learns the HTTPS port once Kestrel has bound.</summary>
internal sealed class RouterStartup(
    DomainTable domains,
    DomainStore store,
    IServer server,
    IOptions<RouterOptions> options
) : IHostedLifecycleService
{
    public Task StartAsync(CancellationToken ct)
    {
        domains.Load(store.List());
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken ct)
    {
        if (BoundAddresses.Of(server).FirstOrDefault(u => u.Scheme == "https") is { } https)
            options.Value.HttpsPort = https.Port;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}

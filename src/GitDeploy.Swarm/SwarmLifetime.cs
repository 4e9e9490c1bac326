using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitDeploy.Swarm;

/// <summary>Polls the swarm manager while the server runs; at stop, leaves the services running.</summary>
internal sealed class SwarmLifetime(SwarmTarget target, SwarmOptions options, TimeProvider clock,
    ILogger<SwarmLifetime> log)
    : IHostedService
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public Task StartAsync(CancellationToken ct)
    {
        _loop = Task.Run(() => LoopAsync(_stop.Token));
        return Task.CompletedTask;
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        var failing = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await target.PollAsync(ct);
                if (failing) log.LogInformation("the swarm manager at {Host} answers again", options.Host);
                failing = false;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                if (!failing) log.LogWarning("cannot read the swarm's tasks from {Host}: {Error}", options.Host,
                    e.Message);
                failing = true;
            }
            try { await Task.Delay(options.PollInterval, clock, ct); } catch (OperationCanceledException) { return; }
        }
    }

    public async Task StopAsync(CancellationToken ct)
    {
        _stop.Cancel();
        await _loop;
        target.Detach();
    }
}

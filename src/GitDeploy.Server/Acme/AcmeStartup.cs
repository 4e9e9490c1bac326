using Microsoft.Extensions.Hosting;

namespace GitDeploy.Server.Acme;

/// <summary>
/// Automatic HTTPS's start-up and shut-down: the stored certificates are served before the first
/// handshake; the renewals start once the listeners are up (the CA's challenge requests need them)
/// and stop first when the server stops (a running lego is killed and waited for).
/// </summary>
internal sealed class AcmeStartup(AcmeCertificates certificates, CertificateRenewer renewer) : IHostedLifecycleService
{
    public Task StartAsync(CancellationToken ct)
    {
        certificates.LoadAll();
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken ct)
    {
        renewer.Start(CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken ct) => renewer.StopAsync();

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}

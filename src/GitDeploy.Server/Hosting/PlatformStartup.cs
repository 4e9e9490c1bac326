using GitDeploy.Isolation;
using Microsoft.Extensions.Hosting;

namespace GitDeploy.Server.Hosting;

/// <summary>
/// Right after the database: the admin token (generated on a data directory's first start), and the
/// sandbox's own check, so a server that cannot isolate its apps refuses to start rather than run them bare.
/// </summary>
internal sealed class PlatformStartup(ServeOptions options, AdminToken admin, Sandbox sandbox) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        admin.Ensure(options.AdminToken);
        if (await sandbox.ProblemAsync(ct) is { } problem)
            throw new ServerStartException($"the app sandbox cannot run here: {problem}. Install bubblewrap " +
                "(apt-get install bubblewrap) and allow user namespaces, or start with --sandbox off " +
                "(apps then run as the server's user and can read the data directory)");
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

using Microsoft.Extensions.Hosting;

namespace GitDeploy.State;

/// <summary>Brings the database to the current schema and seals its secrets, before anything else starts.</summary>
internal sealed class DatabaseStartup(Database db, SecretBox box) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        db.Migrate();
        SecretColumns.Migrate(db, box);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

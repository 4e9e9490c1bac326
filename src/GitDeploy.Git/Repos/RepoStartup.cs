using Microsoft.Extensions.Hosting;

namespace GitDeploy.Git.Repos;

/// <summary>
/// Installs this server's copy of <c>hooks/</c> (every repository's <c>core.hooksPath</c>, in the data
/// directory so no repository points into a build folder) and points every repository at it.
/// </summary>
internal sealed class RepoStartup(RepoManager repos, RepoOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(repos.HooksPath);
        foreach (var file in Directory.EnumerateFiles(options.HooksSource))
        {
            var dest = Path.Combine(repos.HooksPath, Path.GetFileName(file));
            var tmp = dest + ".tmp";
            File.Copy(file, tmp, overwrite: true);
            File.SetUnixFileMode(tmp, (UnixFileMode)0b111_101_101);
            File.Move(tmp, dest, overwrite: true);
        }
        repos.RepointHooks();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

using System.CommandLine;
using GitDeploy.Server.Backups;
using GitDeploy.Server.Hosting;

namespace GitDeploy.Commands;

/// <summary><c>gitdeploy backup FILE</c> (of the running server, admin) and <c>gitdeploy restore FILE --data DIR</c> (offline).</summary>
internal static class BackupCommands
{
    public static Command Backup()
    {
        var file = new Argument<string>("file") { Description = "where to save the backup (.tar.gz)" };
        var cmd = new Command("backup", "Save a consistent backup of the running server (database, key, repositories, releases).") { file };
        Output.Action(cmd, async (p, c) =>
        {
            var path = Path.GetFullPath(p.GetValue(file)!);
            var bytes = await c.DownloadAsync("api/backup", path);
            Console.WriteLine($"Backup saved: {path} ({bytes / 1024.0 / 1024.0:0.0} MB). It holds the secret key: keep it as safe as the server.");
            Console.WriteLine($"Restore it with: gitdeploy restore {path} --data NEW_DIR && gitdeploy serve --data NEW_DIR");
        });
        return cmd;
    }

    public static Command Restore()
    {
        var file = new Argument<string>("file") { Description = "a backup made by `gitdeploy backup`" };
        var data = new Option<string>("--data") { Description = "the data directory to create: new or empty (default: $GITDEPLOY_DATA or ~/.gitdeploy)" };
        var cmd = new Command("restore", "Unpack a backup into a new data directory; `gitdeploy serve --data DIR` then brings every app back.") { file, data };
        cmd.SetAction(async (p, ct) =>
        {
            var dir = Path.GetFullPath(p.GetValue(data) ?? ServeOptions.DefaultDataDir);
            var error = await BackupArchive.RestoreAsync(Path.GetFullPath(p.GetValue(file)!), dir, ct);
            if (error is not null)
            {
                Console.Error.WriteLine("error: " + error);
                return 1;
            }
            Console.WriteLine($"Restored into {dir}. Start it with: gitdeploy serve --data {dir}");
            Console.WriteLine("Each app's dependency environment is rebuilt from its live release's commit at the first start.");
            return 0;
        });
        return cmd;
    }
}

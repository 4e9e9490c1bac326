using System.CommandLine;
using GitDeploy.Server.Backups;
using GitDeploy.Server.Hosting;

namespace GitDeploy.Commands;

/// <summary><c>gitdeploy backup FILE</c> (of the running server); <c>gitdeploy restore FILE --data DIR</c>.</summary>
internal static class BackupCommands
{
    public static Command Backup()
    {
        var file = new Argument<string>("file") { Description = "where to save the backup (.tar.gz)" };
        const string what = "Save a consistent backup of the running server (database, key, repos, releases).";
        var cmd = new Command("backup", what)
        {
            file,
        };
        Output.Action(cmd, async (p, c) =>
        {
            var path = Path.GetFullPath(p.GetValue(file)!);
            var bytes = await c.DownloadAsync("api/backup", path);
            Console.WriteLine($"Backup saved: {path} ({bytes / 1024.0 / 1024.0:0.0} MB).");
            Console.WriteLine("It holds the secret key (unless the server reads GITDEPLOY_SECRET_KEY): keep it safe.");
            Console.WriteLine($"Restore it with: gitdeploy restore {path} --data DIR && gitdeploy serve --data DIR");
        });
        return cmd;
    }

    public static Command Restore()
    {
        var file = new Argument<string>("file") { Description = "a backup made by `gitdeploy backup`" };
        var data = new Option<string>("--data")
        {
            Description = "the data directory to create: new or empty (default: $GITDEPLOY_DATA or ~/.gitdeploy)",
        };
        var cmd = new Command("restore", "Unpack a backup into a new data directory; `gitdeploy serve --data DIR` then "
            + "brings every app back.") { file, data };
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
            Console.WriteLine("At its first start, live releases get their dependencies installed again.");
            return 0;
        });
        return cmd;
    }
}

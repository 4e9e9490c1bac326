using CliWrap;
using CliWrap.Buffered;
using Microsoft.Data.Sqlite;

namespace GitDeploy.Tests.Infrastructure;

/// <summary>A small tmpfs mounted for one test (tests run as root), unmounted and checked gone at the end.</summary>
public sealed class Tmpfs : IAsyncDisposable
{
    public string Path { get; }

    private Tmpfs(string path) => Path = path;

    public static async Task<Tmpfs> MountAsync(int megabytes)
    {
        var dir = TestEnvironment.TempDir("gd-tmpfs");
        var r = await Cli.Wrap("mount").WithArguments(["-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", dir])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(r.ExitCode == 0, $"mount -t tmpfs failed (the tests need root): {r.StandardError}");
        return new Tmpfs(dir);
    }

    public static bool IsMounted(string dir) =>
        File.ReadAllLines("/proc/mounts").Any(l => l.Split(' ') is [_, var point, ..] && point == dir);

    /// <summary>Writes a file until the disk is full but <paramref name="leaveBytes"/>; returns its path.</summary>
    public string Fill(int leaveBytes = 0)
    {
        var reserve = System.IO.Path.Combine(Path, "reserve");
        File.WriteAllBytes(reserve, new byte[leaveBytes]);
        var filler = System.IO.Path.Combine(Path, "filler");
        FillFile(filler);
        File.Delete(reserve);
        return filler;
    }

    private static void FillFile(string filler)
    {
        using var f = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (var size in new[] { 1024 * 1024, 4096, 512 })
        {
            var chunk = new byte[size];
            try
            {
                while (true) f.Write(chunk);
            }
            catch (IOException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools(); // pooled connections keep gitdeploy.db open: the mount would be busy
        var r = await Cli.Wrap("umount").WithArguments([Path])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (r.ExitCode != 0)
            await Cli.Wrap("umount").WithArguments(["-l", Path])
                .WithValidation(CommandResultValidation.None).ExecuteAsync();
        Assert.False(IsMounted(Path), $"{Path} is still mounted: {r.StandardError}");
    }
}

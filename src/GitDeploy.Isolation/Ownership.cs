using CliWrap;
using CliWrap.Buffered;

namespace GitDeploy.Isolation;

/// <summary>
/// Hands files to an app's user (what its build or instance may write) and takes them back (what it must not).
/// </summary>
public static class Ownership
{
    public static Task GiveAsync(string path, int? uid, CancellationToken ct = default) =>
        uid is { } u ? ChownAsync(path, u, ct) : Task.CompletedTask;

    /// <summary>Back to the server's user (root): an app's user can read the files but no longer change them.</summary>
    public static Task TakeAsync(string path, int? uid, CancellationToken ct = default) =>
        uid is null ? Task.CompletedTask : ChownAsync(path, 0, ct);

    private static async Task ChownAsync(string path, int uid, CancellationToken ct)
    {
        if (!Directory.Exists(path) && !File.Exists(path)) return;
        var r = await Cli.Wrap("chown").WithArguments(["-R", "-h", $"{uid}:{uid}", "--", path])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
        if (r.ExitCode != 0) throw new IOException($"chown -R {uid} {path} failed: {r.StandardError.Trim()}");
    }
}

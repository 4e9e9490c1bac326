using CliWrap;
using CliWrap.Buffered;

namespace GitDeploy.Tests.Swarm;

/// <summary>Runs a command of the swarm tests' plumbing (ip, nsenter, debootstrap) and fails the test with its
/// output.</summary>
internal static class Sh
{
    public static async Task<string> RunAsync(string file, params string[] args)
    {
        var r = await TryAsync(file, args);
        var command = $"{file} {string.Join(' ', args)}";
        Assert.True(r.ExitCode == 0, $"{command} failed (exit {r.ExitCode}): {r.StandardError}{r.StandardOutput}");
        return r.StandardOutput;
    }

    public static async Task<BufferedCommandResult> TryAsync(string file, params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        return await Cli.Wrap(file).WithArguments(args).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(timeout.Token);
    }

    /// <summary>A command inside a network namespace the test made (nsenter --net; `ip netns exec` remounts
    /// /sys).</summary>
    public static Task<string> InAsync(string netns, string file, params string[] args) =>
        RunAsync("nsenter", [$"--net=/var/run/netns/{netns}", file, .. args]);
}

using System.Diagnostics;
using GitDeploy.Build.Processes;
using GitDeploy.Isolation.Processes;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Build;

/// <summary>A build step a killed server left running is found by its mark and killed, and only if its pid is
/// still that process.</summary>
public class BuildOrphansTests
{
    [Fact(Timeout = 30_000)]
    public async Task MarkedOrphan_IsKilled_ButNotWhenItsStartTimeSaysThePidWasReused()
    {
        var owner = TestEnvironment.TempDir("gd-owner");
        var psi = new ProcessStartInfo("setsid", ["sleep", "300"]);
        psi.Environment[BuildProcesses.OwnerVariable] = owner;
        using var orphan = Process.Start(psi)!;
        try
        {
            await Poll.UntilAsync(() => BuildProcesses.Marked(BuildProcesses.OwnerVariable + "=" + owner).Count == 1,
                TimeSpan.FromSeconds(10), "the marked step never showed in /proc");
            var (pid, ticks) = BuildProcesses.Marked(BuildProcesses.OwnerVariable + "=" + owner).Single();

            Assert.False(ProcessGroup.KillIfOurs(pid, ticks + 1)); // what a stranger on a reused pid looks like
            Assert.True(ProcessGroup.Running(pid));

            Assert.Equal(1, await BuildProcesses.KillOrphansAsync(owner, TimeProvider.System));
            await orphan.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            Assert.Empty(BuildProcesses.Marked(BuildProcesses.OwnerVariable + "=" + owner));
        }
        finally
        {
            if (!orphan.HasExited) orphan.Kill(entireProcessTree: true);
        }
    }
}

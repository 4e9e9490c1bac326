using System.Diagnostics;
using GitDeploy.Isolation.Processes;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Isolation;

/// <summary>Signals reach an instance's whole group, and never a stranger's group that reused its pid.</summary>
public class ProcessGroupTests
{
    private static Process StartGroup(string script, bool waitForLeader = true)
    {
        var p = Process.Start(new ProcessStartInfo("setsid", ["/bin/sh", "-c", script]))!;
        if (waitForLeader)
            Assert.True(
                ProcessGroup
                    .WaitLeaderAsync(p.Id, TimeSpan.FromSeconds(5), TimeProvider.System)
                    .GetAwaiter()
                    .GetResult(),
                "setsid did not make a group"
            );
        return p;
    }

    [Fact(Timeout = 30_000)]
    public async Task ALiveLeaderWithAnotherStartTime_IsAStranger()
    {
        using var p = StartGroup("exec sleep 300");
        var ticks = ProcessGroup.StartTicks(p.Id)!.Value;
        try
        {
            Assert.True(ProcessGroup.IsOurs(p.Id, ticks));
            Assert.False(ProcessGroup.IsOurs(p.Id, ticks - 1)); // what a reused pid looks like
        }
        finally
        {
            await ProcessGroup.TerminateAsync(
                p.Id,
                ticks,
                p.WaitForExitAsync(),
                TimeSpan.FromSeconds(5),
                TimeProvider.System
            );
        }
        Assert.True(p.HasExited);
    }

    /// <summary>Regression (bench/findings/stale-pgid-kill.py): the group of an exited leader was signalled by number
    /// alone.</summary>
    [Fact(Timeout = 30_000)]
    public async Task AGoneLeader_LeavesAGroupThatIsOursOnlyWhileMembersRemain()
    {
        using var p = StartGroup("sleep 300 & sleep 300 & exit 0", waitForLeader: false); // its leader exits at once
        var ticks = ProcessGroup.StartTicks(p.Id) ?? 0;
        await p.WaitForExitAsync();
        await Poll.UntilAsync(
            () => ProcessGroup.Members(p.Id).Count == 2,
            TimeSpan.FromSeconds(5),
            "two sleeps left in the group"
        );

        Assert.True(ProcessGroup.IsOurs(p.Id, ticks)); // the leftovers are ours: stop them
        await ProcessGroup.TerminateAsync(
            p.Id,
            ticks,
            Task.CompletedTask,
            TimeSpan.FromSeconds(5),
            TimeProvider.System
        );
        Assert.Empty(ProcessGroup.Members(p.Id, runningOnly: true)); // zombies wait for pid 1 to reap them
        Assert.False(ProcessGroup.IsOurs(p.Id, ticks)); // nothing left: the id may belong to anyone next
    }

    /// <summary>Regression (bench/findings/stop-wait-kills-stranger.py): a stop signalled by number whatever now held
    /// it.</summary>
    [Fact(Timeout = 30_000)]
    public async Task TerminatingAGroupThatIsNoLongerOurs_SignalsNothing()
    {
        using var stranger = StartGroup("exec sleep 300");
        var strangerTicks = ProcessGroup.StartTicks(stranger.Id)!.Value;
        try
        {
            // As if our instance had this number before: same pid, an older start time.
            await ProcessGroup.TerminateAsync(
                stranger.Id,
                strangerTicks - 100,
                Task.CompletedTask,
                TimeSpan.FromMilliseconds(200),
                TimeProvider.System
            );
            Assert.False(stranger.HasExited);
            Assert.True(ProcessGroup.Alive(stranger.Id));
        }
        finally
        {
            await ProcessGroup.TerminateAsync(
                stranger.Id,
                strangerTicks,
                stranger.WaitForExitAsync(),
                TimeSpan.FromSeconds(5),
                TimeProvider.System
            );
        }
        Assert.True(stranger.HasExited);
    }
}

using System.Diagnostics;
using GitDeploy.Isolation.Processes;
using GitDeploy.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace GitDeploy.Tests.Isolation;

/// <summary>SIGTERM, then SIGKILL once the grace period has passed on the clock it is given (a fake one
/// here).</summary>
public class StopGraceTests
{
    [Fact(Timeout = 30_000)]
    public async Task AGroupIgnoringSigterm_IsKilledOnlyWhenTheGraceIsOver()
    {
        var clock = new FakeTimeProvider();
        using var p = Process.Start(
            new ProcessStartInfo("setsid", ["/bin/sh", "-c", "trap '' TERM; sleep 300 & wait"])
        )!;
        Assert.True(await ProcessGroup.WaitLeaderAsync(p.Id, TimeSpan.FromSeconds(5), TimeProvider.System));
        var ticks = ProcessGroup.StartTicks(p.Id)!.Value;
        try
        {
            // The trap is set once the shell has started its child: a SIGTERM before that would end it at once.
            await Poll.UntilAsync(
                () => ProcessGroup.Members(p.Id, runningOnly: true).Count >= 2,
                TimeSpan.FromSeconds(10),
                "the shell to set its trap and start its child"
            );
            var stopping = ProcessGroup.TerminateAsync(
                p.Id,
                ticks,
                p.WaitForExitAsync(),
                TimeSpan.FromSeconds(10),
                clock
            );
            for (var i = 0; i < 9; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(30);
            }
            Assert.True(ProcessGroup.Alive(p.Id), "killed before the grace period ended");
            for (var i = 0; i < 40 && !stopping.IsCompleted; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(30);
            }
            await stopping;
            Assert.False(ProcessGroup.Alive(p.Id));
        }
        finally
        {
            if (ProcessGroup.Alive(p.Id))
                ProcessGroup.KillGroup(p.Id);
        }
    }
}

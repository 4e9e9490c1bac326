using GitDeploy.Build.Pipeline;
using GitDeploy.Isolation.Processes;
using GitDeploy.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace GitDeploy.Tests.Build;

/// <summary>A build step's timeout on a fake clock: the step is killed with its group once the clock passes
/// it.</summary>
public class StepTimeoutTests
{
    private sealed class Lines : IBuildOutput
    {
        public List<string> All { get; } = [];

        public void Write(string line, bool detail = false)
        {
            lock (All)
                All.Add(line);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task AStepPastItsTimeout_IsKilledWithWhatItStarted()
    {
        var clock = new FakeTimeProvider();
        var output = new Lines();
        var runner = new StepRunner(output, TimeSpan.FromMinutes(30), showAll: true, clock: clock);
        var pidFile = Path.Combine(TestEnvironment.TempDir("gd-step"), "bg.pid");
        var step = runner.RunAsync(
            "/bin/sh",
            ["-c", $"sleep 300 & echo $! > {pidFile}; echo started; wait"],
            Path.GetTempPath(),
            new Dictionary<string, string?>(),
            statusLinesOnly: false,
            CancellationToken.None
        );
        await Poll.UntilAsync(
            () => File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0,
            TimeSpan.FromSeconds(10),
            "the step to start its background job"
        );
        var background = int.Parse(File.ReadAllText(pidFile).Trim());

        clock.Advance(TimeSpan.FromMinutes(29));
        await Task.Delay(200);
        Assert.False(step.IsCompleted, "killed before its timeout");

        for (var i = 0; i < 20 && !step.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(6));
            await Task.Delay(50);
        }
        var result = await step;
        Assert.True(result.TimedOut);
        Assert.Contains(output.All, l => l.Contains("timed out: still running after the build timeout (30 min)"));
        await Poll.UntilAsync(
            () => !ProcessGroup.Running(background),
            TimeSpan.FromSeconds(10),
            "the background job to die"
        );
    }
}

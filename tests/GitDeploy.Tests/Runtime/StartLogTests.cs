using GitDeploy.Runtime.Supervisor;

namespace GitDeploy.Tests.Runtime;

public class StartLogTests
{
    private static readonly string[] Traceback =
    [
        "[ERROR] Exception in worker process",
        "Traceback (most recent call last):",
        .. Enumerable
            .Range(1, 30)
            .SelectMany(i => new[] { $"  File \"m{i}.py\", line {i}, in <module>", $"    import m{i + 1}" }),
        "ModuleNotFoundError: No module named 'asgiref'",
    ];

    /// <summary>Seen in CI: gunicorn's master printed its own HaltServer traceback after the worker's.</summary>
    [Fact]
    public void MastersHaltAfterTheWorkersError_KeepsTheWorkersCause()
    {
        var log = new StartLog();
        foreach (var l in Traceback)
            log.Add(l);
        log.Add("Traceback (most recent call last):");
        log.Add("  File \"gunicorn/arbiter.py\", line 525, in reap_workers");
        log.Add("    raise HaltServer(reason, self.WORKER_BOOT_ERROR)");
        log.Add("gunicorn.errors.HaltServer: <HaltServer 'Worker failed to boot.' 3>");
        for (var i = 0; i < 80; i++)
            log.Add($"shutting down {i}");

        Assert.Equal("ModuleNotFoundError: No module named 'asgiref'", log.LastError);
        Assert.Contains("ModuleNotFoundError: No module named 'asgiref'", log.Lines(40));
    }

    [Fact]
    public void ShortOutput_IsKeptWhole()
    {
        var log = new StartLog();
        foreach (var l in Traceback)
            log.Add(l);
        Assert.Equal(Traceback, log.Lines(100));
    }

    [Fact]
    public void ExceptionLineBuriedInTheMiddle_IsKeptWithTheFramesBeforeIt()
    {
        var log = new StartLog();
        for (var i = 0; i < 30; i++)
            log.Add($"booting {i}");
        foreach (var l in Traceback)
            log.Add(l);
        for (var i = 0; i < 80; i++)
            log.Add($"noise {i}");

        var lines = log.Lines(40);

        Assert.Contains("ModuleNotFoundError: No module named 'asgiref'", lines);
        Assert.Contains("    import m30", lines);
        Assert.Contains("booting 0", lines);
        Assert.Equal("noise 79", lines[^1]);
        Assert.True(lines.Count <= 45, string.Join("\n", lines));
        Assert.Equal("ModuleNotFoundError: No module named 'asgiref'", log.LastError);
    }

    [Fact]
    public void ExceptionLineAlreadyInTheTail_IsNotRepeated()
    {
        var log = new StartLog();
        for (var i = 0; i < 100; i++)
            log.Add($"booting {i}");
        log.Add("Traceback (most recent call last):");
        foreach (var l in Traceback.TakeLast(9))
            log.Add(l);
        log.Add("Reason: Worker failed to boot.");

        var lines = log.Lines(40);

        Assert.Single(lines, l => l.StartsWith("ModuleNotFoundError", StringComparison.Ordinal));
    }
}

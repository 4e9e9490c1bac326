using GitDeploy.Runtime.Supervisor;

namespace GitDeploy.Tests.Runtime;

public class CpuMeterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FirstLook_IsTheAverageSinceStart_ThenEachLookCoversTheTimeSinceThePrevious()
    {
        var meter = new CpuMeter(T0);
        Assert.Equal(10, meter.Sample(T0.AddSeconds(10), 1.0));           // 1 s of CPU in 10 s
        Assert.Equal(10, meter.Sample(T0.AddSeconds(10.5), 1.4));         // under a second later: the same figure
        Assert.Equal(150, meter.Sample(T0.AddSeconds(12), 4.0));          // 3 s of CPU in 2 s: one and a half cores
        // a replaced worker's time gone: never negative
        Assert.Equal(0, meter.Sample(T0.AddSeconds(14), 3.0));
        Assert.Null(meter.Sample(T0.AddSeconds(16), null));
    }
}

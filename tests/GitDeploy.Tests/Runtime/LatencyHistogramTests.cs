using GitDeploy.Runtime.Metrics;

namespace GitDeploy.Tests.Runtime;

public class LatencyHistogramTests
{
    [Fact]
    public void EveryValue_FallsInABucketWhoseMiddleIsWithinSevenPercent()
    {
        for (long v = 1; v < 2_000_000_000; v = v * 11 / 10 + 1)
        {
            var mid = LatencyHistogram.MidpointOf(LatencyHistogram.IndexOf(v));
            Assert.True(Math.Abs(mid - v) <= v * 0.07 + 0.5, $"{v} µs reads as {mid}");
        }
        Assert.Equal(LatencyHistogram.Buckets - 1, LatencyHistogram.IndexOf(long.MaxValue));
        Assert.Equal(0, LatencyHistogram.IndexOf(-5));
    }

    [Fact]
    public void Quantiles_OfAKnownSpread()
    {
        var h = new LatencyHistogram();
        for (var ms = 1; ms <= 100; ms++) h.Add(ms * 1000L); // 1 … 100 ms
        Assert.InRange(h.QuantileMs(0.50), 47, 53);
        Assert.InRange(h.QuantileMs(0.95), 89, 101);
        Assert.InRange(h.QuantileMs(0.99), 93, 106);
        Assert.Equal(0, new LatencyHistogram().QuantileMs(0.5));
    }
}

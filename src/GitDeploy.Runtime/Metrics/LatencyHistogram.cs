namespace GitDeploy.Runtime.Metrics;

/// <summary>
/// Latencies in microseconds, counted in log-linear buckets: 8 per power of two (HdrHistogram's
/// idea at 3 significant bits), so a quantile read from it is within about 6 % of the true value,
/// from 1 µs to half an hour, in 232 counters. Adding is one interlocked increment.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBits = 3;
    private const int Sub = 1 << SubBits;
    public const int Buckets = Sub + (31 - SubBits) * Sub;
    private const long Max = (1L << 31) - 1;

    private readonly int[] _counts = new int[Buckets];

    public static int IndexOf(long micros)
    {
        var v = Math.Clamp(micros, 0, Max);
        if (v < Sub) return (int)v;
        var e = 63 - (int)long.LeadingZeroCount(v);
        return Sub + (int)((e - SubBits) * Sub + ((v >> (e - SubBits)) & (Sub - 1)));
    }

    /// <summary>The middle of a bucket, in microseconds.</summary>
    public static double MidpointOf(int index)
    {
        if (index < Sub) return index;
        var e = (index - Sub) / Sub + SubBits;
        var sub = (index - Sub) % Sub;
        var width = 1L << (e - SubBits);
        return (Sub + sub) * width + (width - 1) / 2.0;
    }

    public void Add(long micros) => Interlocked.Increment(ref _counts[IndexOf(micros)]);

    public void Merge(LatencyHistogram other)
    {
        for (var i = 0; i < Buckets; i++)
            if (Volatile.Read(ref other._counts[i]) is var n and > 0) _counts[i] += n;
    }

    public long Count()
    {
        long n = 0;
        for (var i = 0; i < Buckets; i++) n += Volatile.Read(ref _counts[i]);
        return n;
    }

    /// <summary>The value below which a fraction <paramref name="q"/> of the latencies lie, in milliseconds (0 when
    /// empty).</summary>
    public double QuantileMs(double q)
    {
        var total = Count();
        if (total == 0) return 0;
        var rank = Math.Max(1, (long)Math.Ceiling(q * total));
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank) return MidpointOf(i) / 1000.0;
        }
        return MidpointOf(Buckets - 1) / 1000.0;
    }
}

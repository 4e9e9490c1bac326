namespace GitDeploy.Runtime.Metrics;

/// <summary>The counters of the minute being recorded: written by many requests at once, without a lock.</summary>
internal sealed class MinuteCounters(long minute)
{
    public long Minute { get; } = minute;
    public int[] Classes { get; } = new int[6]; // [n] = nxx; [0]: anything else
    public LatencyHistogram Latency { get; } = new();
    public string? Tag;

    public void Add(int status, long micros, string? tag)
    {
        var c = (uint)status / 100;
        Interlocked.Increment(ref Classes[c is >= 1 and <= 5 ? c : 0]);
        Latency.Add(micros);
        if (tag is not null && !ReferenceEquals(Tag, tag)) Tag = tag;
    }

    public MinutePoint Summary()
    {
        var requests = 0;
        for (var i = 0; i < Classes.Length; i++) requests += Volatile.Read(ref Classes[i]);
        return new MinutePoint(Minute, requests, Classes[2], Classes[3], Classes[4], Classes[5],
            Latency.QuantileMs(0.50), Latency.QuantileMs(0.95), Latency.QuantileMs(0.99), Tag);
    }
}

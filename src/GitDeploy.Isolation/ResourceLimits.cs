using System.Globalization;

namespace GitDeploy.Isolation;

/// <summary>
/// What one instance or one build may use, enforced by the kernel: memory, processes (tasks, threads
/// included) and CPU share through cgroups, open files through RLIMIT_NOFILE. Null means no limit.
/// </summary>
public sealed record ResourceLimits
{
    public long? MemoryBytes { get; init; }
    public int? Processes { get; init; }
    public int? OpenFiles { get; init; }
    /// <summary>Relative CPU weight under contention; 1024 is one ordinary share (cgroup v1 cpu.shares).</summary>
    public int? CpuShares { get; init; }

    /// <summary>Heroku's standard-1x and Cloud Engine's common instance size: 512 MiB.</summary>
    public static ResourceLimits InstanceDefaults => new()
    {
        MemoryBytes = 512L << 20, Processes = 512, OpenFiles = 4096, CpuShares = 1024,
    };

    /// <summary>Builds compile and unpack: more memory and processes than an instance.</summary>
    public static ResourceLimits BuildDefaults => new()
    {
        MemoryBytes = 2048L << 20, Processes = 1024, OpenFiles = 4096, CpuShares = 512,
    };

    /// <summary>"512M", "2G", "1048576" (bytes), "none"; null when the text is none of these.</summary>
    public static bool TryParseBytes(string text, out long? bytes)
    {
        bytes = null;
        var t = text.Trim();
        if (t.Equals("none", StringComparison.OrdinalIgnoreCase)) return true;
        if (t.Length == 0) return false;
        var unit = char.ToUpperInvariant(t[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, _ => 0 };
        var digits = unit == 0 ? t : t[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0) return false;
        if (n > long.MaxValue >> unit) return false;
        bytes = n << unit;
        return true;
    }

    public static string Describe(long bytes) => bytes % (1L << 30) == 0 ? $"{bytes >> 30} GiB"
        : bytes % (1L << 20) == 0 ? $"{bytes >> 20} MiB" : $"{bytes} bytes";

    public override string ToString() => string.Join(", ", new[]
    {
        MemoryBytes is { } m ? "memory " + Describe(m) : "memory unlimited",
        Processes is { } p ? $"{p} processes" : null,
        OpenFiles is { } f ? $"{f} open files" : null,
        CpuShares is { } c ? $"cpu shares {c}" : null,
    }.Where(s => s is not null));
}

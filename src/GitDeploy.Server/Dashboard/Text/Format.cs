using System.Globalization;

namespace GitDeploy.Server.Dashboard.Text;

/// <summary>Numbers as a person reads them.</summary>
public static class Format
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Bytes(long? bytes) => bytes switch
    {
        null => "—",
        >= 1L << 30 => (bytes.Value / (double)(1L << 30)).ToString("0.0", C) + " GiB",
        >= 1L << 20 => (bytes.Value / (double)(1L << 20)).ToString("0", C) + " MiB",
        >= 1L << 10 => (bytes.Value / 1024.0).ToString("0", C) + " KiB",
        _ => bytes.Value.ToString(C) + " B",
    };

    public static string Duration(double seconds) => seconds switch
    {
        < 1 => (seconds * 1000).ToString("0", C) + " ms",
        < 60 => seconds.ToString(seconds < 10 ? "0.0" : "0", C) + " s",
        < 3600 => $"{(int)seconds / 60} min {(int)seconds % 60} s",
        < 86400 => $"{(int)seconds / 3600} h {(int)seconds % 3600 / 60} min",
        _ => $"{(int)seconds / 86400} d {(int)seconds % 86400 / 3600} h",
    };

    public static string Ago(DateTimeOffset then, DateTimeOffset now)
    {
        var s = Math.Max(0, (now - then).TotalSeconds);
        return s switch
        {
            < 45 => "just now",
            < 90 => "a minute ago",
            < 3600 => $"{Math.Round(s / 60)} min ago",
            < 2 * 3600 => "an hour ago",
            < 86400 => $"{Math.Round(s / 3600)} h ago",
            < 2 * 86400 => "yesterday",
            _ => $"{Math.Round(s / 86400)} days ago",
        };
    }

    public static string Number(double v) => v switch
    {
        >= 1_000_000 => (v / 1_000_000).ToString("0.#", C) + "M",
        >= 10_000 => (v / 1000).ToString("0", C) + "k",
        >= 1000 => (v / 1000).ToString("0.#", C) + "k",
        >= 100 => v.ToString("0", C),
        >= 10 => v.ToString("0.#", C),
        _ => v.ToString("0.##", C),
    };

    public static string Percent(double fraction) =>
        (fraction * 100).ToString(fraction < 0.1 ? "0.##" : "0.#", C) + " %";

    public static string Ms(double? ms) =>
        ms is not { } v ? "—" : v < 10 ? v.ToString("0.0", C) + " ms" : v.ToString("0", C) + " ms";

    public static DateTimeOffset Parse(string iso) => DateTimeOffset.Parse(iso, C);

    public static string Seconds(double s) => s.ToString("0.0", C) + " s";
}

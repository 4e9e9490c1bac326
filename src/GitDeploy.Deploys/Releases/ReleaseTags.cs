using System.Globalization;

namespace GitDeploy.Deploys.Releases;

/// <summary>Version tags as Cloud Engine makes them: <c>YYYYMMDD-HHMMSS</c>, unique per app.</summary>
public static class ReleaseTags
{
    public const string Format = "yyyyMMdd-HHmmss";

    /// <summary>The tag for a release made at <paramref name="now"/>: past the app's newest tag when that is not
    /// earlier.</summary>
    public static string Next(DateTimeOffset now, string? latest)
    {
        var at = now.UtcDateTime;
        at = new DateTime(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc); // the tag has whole seconds
        if (latest is not null && DateTime.TryParseExact(latest, Format, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var last) && at <= last)
            at = last.AddSeconds(1);
        return at.ToString(Format, CultureInfo.InvariantCulture);
    }
}

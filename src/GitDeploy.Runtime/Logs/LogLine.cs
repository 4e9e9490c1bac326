using System.Globalization;

namespace GitDeploy.Runtime.Logs;

/// <summary>One line of an app's log: what it printed, or an event of the platform (deploy, health, restart).</summary>
public sealed record LogLine(DateTimeOffset Time, string Env, string Instance, LogStream Stream, string Text)
{
    public const int MaxLength = 4096;

    /// <summary>Stored form: tab-separated, one per line (the text has no newline by construction).</summary>
    public string Serialize() => $"{Stamp}\t{Env}\t{Instance}\t{Stream.ToString().ToLowerInvariant()}\t{Text}";

    public static LogLine? Parse(string stored)
    {
        var p = stored.Split('\t', 5);
        if (
            p.Length != 5
            || !DateTimeOffset.TryParse(p[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
        )
            return null;
        var stream = p[3] switch
        {
            "err" => LogStream.Err,
            "platform" => LogStream.Platform,
            _ => LogStream.Out,
        };
        return new LogLine(t, p[1], p[2], stream, p[4]);
    }

    /// <summary>What `gitdeploy logs` prints: instance, time, a marker for stderr and platform events, the
    /// text.</summary>
    public string Display() => $"{Instance} {Stamp} {Marker}{Text}";

    private string Marker =>
        Stream switch
        {
            LogStream.Err => "[err] ",
            LogStream.Platform => "[gitdeploy] ",
            _ => "",
        };

    private string Stamp => Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static string Cut(string text)
    {
        text = text.Replace('\t', ' ').Replace('\r', ' ');
        return text.Length <= MaxLength ? text : text[..MaxLength];
    }
}

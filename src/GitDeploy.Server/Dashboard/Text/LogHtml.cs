using System.Globalization;
using System.Text.Encodings.Web;
using GitDeploy.Runtime.Logs;

namespace GitDeploy.Server.Dashboard.Text;

/// <summary>
/// The one place a log line becomes HTML, for the pages and for their live streams alike (so a
/// streamed line looks like a rendered one). Every text is HTML-encoded.
/// </summary>
public static class LogHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    /// <summary>A build or deploy log line, classed by <see cref="BuildLine.Kind"/>.</summary>
    public static string Build(string line) =>
        $"<div class=\"bl {BuildLine.Kind(line)}\">{Encoder.Encode(line)}</div>";

    /// <summary>An app log line: time (the page shows it in the reader's zone), environment, instance, stream,
    /// text.</summary>
    public static string App(LogLine l)
    {
        var iso = l.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var stream = l.Stream.ToString().ToLowerInvariant();
        var instance = Encoder.Encode(l.Instance);
        return $"<div class=\"ll s-{stream}\" data-instance=\"{instance}\" data-env=\"{Encoder.Encode(l.Env)}\">" +
            $"<time class=\"ts\" data-precise=\"1\" datetime=\"{iso}\" title=\"{iso[..19].Replace('T', ' ')} UTC\">" +
            $"{iso[11..23]}</time> " +
            $"<span class=\"li\">{instance}</span> " +
            (l.Stream == LogStream.Out ? ""
                : $"<span class=\"lk\">{(l.Stream == LogStream.Err ? "err" : "gitdeploy")}</span> ") +
            $"<span class=\"lt\">{Encoder.Encode(l.Text)}</span></div>";
    }
}

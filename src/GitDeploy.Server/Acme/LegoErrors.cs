using System.Text.RegularExpressions;

namespace GitDeploy.Server.Acme;

/// <summary>
/// Turns lego's output of a failed run into one line for <c>domains list</c>: the CA's own words (what
/// lego prints after its last log line that is not [INFO]), and what to do about the usual causes.
/// </summary>
internal static partial class LegoErrors
{
    public const int MaxLength = 1000;

    [GeneratedRegex(@"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d ")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    public static string Explain(string output, int exitCode)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindLastIndex(l => Timestamp().IsMatch(l) && !l.Contains("[INFO]") && !l.Contains("[WARN]"));
        var said =
            start < 0
                ? lines.LastOrDefault(l => l.Trim().Length > 0) ?? $"lego exited with {exitCode} and said nothing"
                : string.Join(' ', lines.Skip(start).Select(l => Timestamp().Replace(l, "")));
        said = Spaces().Replace(said, " ").Trim();
        var error = said + Hint(said);
        return error.Length <= MaxLength ? error : error[..(MaxLength - 1)] + "…";
    }

    private static string Hint(string said)
    {
        if (Says(said, ":error:dns", "could not resolve", "NXDOMAIN"))
            return " — the domain's DNS does not point here yet: give it an A/AAAA record of this server";
        if (Says(said, ":error:connection", ":error:unauthorized"))
            return " — the CA could not fetch the challenge from this server: its DNS must point here "
                + "and port 80 must reach GitDeploy's http:// listener";
        if (Says(said, ":error:rateLimited"))
            return " — the CA's rate limit: the server tries again later by itself";
        if (Says(said, ":error:rejectedIdentifier"))
            return " — the CA does not issue certificates for this name";
        return "";
    }

    private static bool Says(string text, params string[] any) =>
        any.Any(a => text.Contains(a, StringComparison.Ordinal));
}

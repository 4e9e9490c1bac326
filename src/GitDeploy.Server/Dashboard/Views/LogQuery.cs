using GitDeploy.Runtime.Logs;

namespace GitDeploy.Server.Dashboard.Views;

/// <summary>The logs page's filters, as its form and links carry them.</summary>
public sealed record LogQuery(string? Env, string? Instance, string? Stream, string? Text, int Lines)
{
    public const int DefaultLines = 200;

    public static LogQuery From(HttpRequest r, int maxLines)
    {
        string? Get(string k) => r.Query[k].ToString() is { Length: > 0 } v ? v : null;
        var env = Get("env") is { } e && Environments.All.Contains(e) ? e : null;
        var stream = Get("stream") is "out" or "err" or "platform" ? Get("stream") : null;
        var instance = Get("instance") is { Length: <= 64 } i ? i : null;
        var text = Get("q") is { } q ? q[..Math.Min(q.Length, 200)] : null;
        var n = int.TryParse(Get("n"), out var parsed) ? Math.Clamp(parsed, 1, maxLines) : DefaultLines;
        return new LogQuery(env, instance, stream, text, n);
    }

    public LogFilter Filter => new(Env, Instance, Stream switch
    {
        "out" => LogStream.Out, "err" => LogStream.Err, "platform" => LogStream.Platform, _ => null,
    }, Text);

    /// <summary>The query string of these filters (for the stream and the download).</summary>
    public string QueryString()
    {
        var parts = new List<string>();
        void Add(string k, string? v) { if (!string.IsNullOrEmpty(v)) parts.Add($"{k}={Uri.EscapeDataString(v)}"); }
        Add("env", Env);
        Add("instance", Instance);
        Add("stream", Stream);
        Add("q", Text);
        if (Lines != DefaultLines) Add("n", Lines.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}

namespace GitDeploy.Runtime.Logs;

/// <summary>Which lines a reader wants: of an environment, an instance, a stream, containing a text
/// (case-insensitive).</summary>
public sealed record LogFilter(
    string? Env = null,
    string? Instance = null,
    LogStream? Stream = null,
    string? Text = null
)
{
    public bool Matches(LogLine l) =>
        (Env is null || l.Env == Env)
        && (Instance is null || l.Instance == Instance)
        && (Stream is null || l.Stream == Stream)
        && (string.IsNullOrEmpty(Text) || l.Text.Contains(Text, StringComparison.OrdinalIgnoreCase));
}

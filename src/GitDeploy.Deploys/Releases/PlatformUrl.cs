namespace GitDeploy.Deploys.Releases;

/// <summary>The server's own base URL, known once Kestrel has bound (it may be port 0 in tests).</summary>
public sealed class PlatformUrl
{
    public string Value { get; set; } = "http://127.0.0.1";
}

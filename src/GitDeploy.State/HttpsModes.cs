namespace GitDeploy.State;

/// <summary>
/// How a custom domain gets its HTTPS certificate: <c>auto</c> by ACME (obtained and renewed by the
/// server), <c>manual</c> from the files given with <c>serve --certs</c>, <c>off</c> none.
/// </summary>
public static class HttpsModes
{
    public const string Auto = "auto";
    public const string Manual = "manual";
    public const string Off = "off";
    public static readonly IReadOnlyList<string> All = [Auto, Manual, Off];
}

namespace GitDeploy.Build.Pipeline;

/// <summary>
/// How a release's instances run, as its buildpack declared it (and release.json carries it): the
/// directories put first on PATH, the variables set after the app's own, and the names in the app's
/// directory that are links to the same name in the dependency environment. Values may hold
/// <see cref="EnvDir"/>, the environment's directory, which moves when the environment is rebuilt.
/// </summary>
public sealed record RunEnvironment
{
    public const string EnvDir = "{env}";

    public IReadOnlyList<string> PathPrefix { get; init; } = [];
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>The values with <see cref="EnvDir"/> replaced by <paramref name="envDir"/>.</summary>
    public RunEnvironment For(string envDir) => new()
    {
        PathPrefix = PathPrefix.Select(p => Expand(p, envDir)).ToList(),
        Variables = Variables.ToDictionary(kv => kv.Key, kv => Expand(kv.Value, envDir), StringComparer.Ordinal),
        Links = Links,
    };

    public static string Expand(string value, string envDir) => value.Replace(EnvDir, envDir, StringComparison.Ordinal);
}

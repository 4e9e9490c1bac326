using System.Text.RegularExpressions;

namespace GitDeploy.Build.Pipeline;

/// <summary>
/// What a buildpack's runtime and release scripts declared in <c>$GITDEPLOY_OUTPUT</c> (the keys:
/// buildpacks/README.md): the runtime version, what keys and fills the dependency environment, the
/// per-app cache its tool keeps, and how build steps and instances run. The pipeline knows the
/// language only through these. A key without the <c>GITDEPLOY_</c> prefix is a variable for the
/// later scripts and steps (Python's <c>PYTHON</c>).
/// </summary>
public sealed partial record BuildpackDeclarations
{
    private const string Prefix = "GITDEPLOY_";

    public required string RuntimeVersion { get; init; }
    /// <summary>Source files copied into the install directory, whose bytes key the environment.</summary>
    public IReadOnlyList<string> DependencyFiles { get; init; } = [];
    /// <summary>The tool a reused environment skips ("pip skipped").</summary>
    public string Installer { get; init; } = "the install step";
    /// <summary>More text keying the environment (the installer's version).</summary>
    public string CacheKey { get; init; } = "";
    /// <summary>Prefixes of the server's variables that configure the tool (paths they name are readable).</summary>
    public IReadOnlyList<string> ServerSettings { get; init; } = [];
    /// <summary>A per-app cache (CACHE_ROOT/NAME/APP) and the variable that gives its path to the build.</summary>
    public (string Name, string Variable)? Cache { get; init; }
    /// <summary>What the default install adds for the default start (GITDEPLOY_EXTRA_PACKAGES).</summary>
    public string? ExtraPackages { get; init; }
    public string? StartCommand { get; init; }
    public IReadOnlyList<string> PathPrefix { get; init; } = [];
    /// <summary>Variables of build steps and instances alike.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = Empty;
    public IReadOnlyDictionary<string, string> BuildEnvironment { get; init; } = Empty;
    public IReadOnlyDictionary<string, string> RunEnvironment { get; init; } = Empty;
    public IReadOnlyList<string> Links { get; init; } = [];
    public IReadOnlyDictionary<string, string> Variables { get; init; } = Empty;

    private static readonly Dictionary<string, string> Empty = new();

    /// <summary>What release.json carries for the instances.</summary>
    public RunEnvironment Run => new()
    {
        PathPrefix = PathPrefix,
        Variables = Environment.Concat(RunEnvironment)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        Links = Links,
    };

    /// <summary>The variables of install and build steps, with the environment's directory filled in.</summary>
    public IEnumerable<KeyValuePair<string, string>> StepVariables(string envDir) =>
        Environment.Concat(BuildEnvironment)
            .Select(kv => KeyValuePair.Create(kv.Key, Pipeline.RunEnvironment.Expand(kv.Value, envDir)));

    /// <summary>PATH of install and build steps: the declared directories, then <paramref name="inherited"/>.</summary>
    public string StepPath(string envDir, string? inherited) =>
        string.Join(":", PathPrefix.Select(p => Pipeline.RunEnvironment.Expand(p, envDir)).Append(inherited ?? ""));

    public static (BuildpackDeclarations? Declarations, string? Error) Parse(IReadOnlyDictionary<string, string> keys)
    {
        var errors = new List<string>();
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var buildEnv = new Dictionary<string, string>(StringComparer.Ordinal);
        var runEnv = new Dictionary<string, string>(StringComparer.Ordinal);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        (string Prefix, Dictionary<string, string> Into)[] scoped =
            [("GITDEPLOY_BUILD_ENV_", buildEnv), ("GITDEPLOY_RUN_ENV_", runEnv), ("GITDEPLOY_ENV_", env)];
        foreach (var (key, value) in keys)
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                variables[key] = value;
                continue;
            }
            var scope = scoped.FirstOrDefault(s => key.StartsWith(s.Prefix, StringComparison.Ordinal));
            if (scope.Into is not null)
            {
                var name = key[scope.Prefix.Length..];
                if (VariableName().IsMatch(name)) scope.Into[name] = value;
                else errors.Add($"{key}: '{name}' is not a variable name");
            }
            else if (!Known.Contains(key))
                errors.Add($"unknown key {key} (known: {string.Join(", ", Known)}, GITDEPLOY_ENV_*, " +
                    "GITDEPLOY_BUILD_ENV_*, GITDEPLOY_RUN_ENV_*)");
        }
        var version = keys.GetValueOrDefault("GITDEPLOY_RUNTIME_VERSION", "");
        if (version.Length == 0) errors.Add("no GITDEPLOY_RUNTIME_VERSION (the runtime script writes it)");
        var files = Words(keys, "GITDEPLOY_DEPENDENCY_FILES");
        foreach (var f in files.Where(f => Path.IsPathRooted(f) || f.Split('/').Contains("..")))
            errors.Add($"GITDEPLOY_DEPENDENCY_FILES: '{f}' must be a path inside the app");
        var links = Words(keys, "GITDEPLOY_LINKS");
        foreach (var l in links.Where(l => l.Contains('/') || l is "." or ".."))
            errors.Add($"GITDEPLOY_LINKS: '{l}' must be a name in the app's directory");
        var cache = ParseCache(keys.GetValueOrDefault("GITDEPLOY_CACHE"), errors);
        if (errors.Count > 0) return (null, "the buildpack's declarations: " + string.Join("; ", errors));
        return (new BuildpackDeclarations
        {
            RuntimeVersion = version,
            DependencyFiles = files,
            Installer = keys.GetValueOrDefault("GITDEPLOY_INSTALLER") is { Length: > 0 } i ? i : "the install step",
            CacheKey = keys.GetValueOrDefault("GITDEPLOY_CACHE_KEY", ""),
            ServerSettings = Words(keys, "GITDEPLOY_SERVER_SETTINGS"),
            Cache = cache,
            ExtraPackages = keys.GetValueOrDefault("GITDEPLOY_EXTRA_PACKAGES")?.Trim(),
            StartCommand = keys.GetValueOrDefault("GITDEPLOY_START") is { Length: > 0 } s ? s.Trim() : null,
            PathPrefix = keys.GetValueOrDefault("GITDEPLOY_PATH", "").Split(':', StringSplitOptions.RemoveEmptyEntries),
            Environment = env,
            BuildEnvironment = buildEnv,
            RunEnvironment = runEnv,
            Links = links,
            Variables = variables,
        }, null);
    }

    private static readonly string[] Known =
    [
        "GITDEPLOY_RUNTIME_VERSION", "GITDEPLOY_DEPENDENCY_FILES", "GITDEPLOY_INSTALLER", "GITDEPLOY_CACHE_KEY",
        "GITDEPLOY_SERVER_SETTINGS", "GITDEPLOY_CACHE", "GITDEPLOY_EXTRA_PACKAGES", "GITDEPLOY_START",
        "GITDEPLOY_PATH", "GITDEPLOY_LINKS",
    ];

    private static (string, string)? ParseCache(string? value, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 2 && CacheName().IsMatch(words[0]) && VariableName().IsMatch(words[1]))
            return (words[0], words[1]);
        errors.Add($"GITDEPLOY_CACHE must be 'NAME VARIABLE' (e.g. 'pip PIP_CACHE_DIR'), not '{value}'");
        return null;
    }

    private static string[] Words(IReadOnlyDictionary<string, string> keys, string key) =>
        keys.GetValueOrDefault(key, "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex VariableName();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,39}\z")]
    private static partial Regex CacheName();
}

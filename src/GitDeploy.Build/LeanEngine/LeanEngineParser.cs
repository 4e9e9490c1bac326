using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GitDeploy.Build.LeanEngine;

/// <summary>
/// Reads leanengine.yaml through YamlDotNet's node model, so each error names the key, the line
/// and what is allowed, and unknown keys become warnings instead of failures.
/// </summary>
public static class LeanEngineParser
{
    public const string FileName = "leanengine.yaml";

    public static readonly IReadOnlyList<string> SupportedRuntimes = ["nodejs", "python"];
    private static readonly string[] KnownRuntimes =
    [
        "cpp",
        "dotnet",
        "go",
        "java",
        "nodejs",
        "php",
        "python",
        "static",
    ];

    public static LeanEngineParseResult ParseFile(string sourceDir)
    {
        var path = Path.Combine(sourceDir, FileName);
        if (!File.Exists(path))
            path = Path.Combine(sourceDir, "leanengine.yml");
        if (!File.Exists(path))
            return new(LeanEngineConfig.Empty, [], []);
        // Checked before reading: a huge file is never held in memory.
        if (LeanEngineLimits.CheckSize(new FileInfo(path).Length) is { } tooLarge)
            return new(null, [tooLarge], []);
        return Parse(File.ReadAllText(path));
    }

    public static LeanEngineParseResult Parse(string text)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        if (LeanEngineLimits.CheckSize(System.Text.Encoding.UTF8.GetByteCount(text)) is { } tooLarge)
            return new(null, [tooLarge], []);
        var stream = new YamlStream();
        try
        {
            if (LeanEngineLimits.CheckDepth(text) is { } tooDeep)
                return new(null, [tooDeep], []);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            return new(
                null,
                [
                    $"{FileName} is not valid YAML (line {e.Start.Line}, column "
                        + $"{e.Start.Column}): {e.InnerException?.Message ?? e.Message}",
                ],
                []
            );
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            return new(LeanEngineConfig.Empty, [], []);
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            return new(
                null,
                [
                    $"{FileName} must be a mapping of keys (run:, install:, build:, "
                        + $"...), not a {Kind(stream.Documents[0].RootNode)}",
                ],
                []
            );

        var config = LeanEngineConfig.Empty;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var at = $"'{key}' (line {keyNode.Start.Line})";
            switch (key)
            {
                case "runtime":
                    var runtime = Scalar(value, at, errors);
                    if (runtime is null)
                        break;
                    if (!KnownRuntimes.Contains(runtime))
                        errors.Add($"{at}: unknown runtime '{runtime}'; allowed: {string.Join(", ", KnownRuntimes)}");
                    else if (!SupportedRuntimes.Contains(runtime))
                        errors.Add(
                            $"{at}: runtime '{runtime}' is not supported by this server yet; "
                                + $"supported: {string.Join(", ", SupportedRuntimes)}"
                        );
                    else
                        config = config with { Runtime = runtime };
                    break;
                case "run":
                    config = config with { Run = Scalar(value, at, errors) };
                    break;
                case "install":
                    config = config with { Install = Steps(value, at, errors) };
                    break;
                case "build":
                    config = config with { Build = Steps(value, at, errors) ?? [] };
                    break;
                case "systemDependencies":
                    config = config with { SystemDependencies = StringList(value, at, errors) };
                    break;
                case "startupTimeout":
                    var t = Scalar(value, at, errors);
                    if (t is null)
                        break;
                    if (
                        !int.TryParse(t, out var seconds)
                        || seconds < LeanEngineConfig.MinStartupTimeout
                        || seconds > LeanEngineConfig.MaxStartupTimeout
                    )
                        errors.Add(
                            $"{at}: must be a whole number of seconds from {LeanEngineConfig.MinStartupTimeout} "
                                + $"to {LeanEngineConfig.MaxStartupTimeout}, not '{t}'"
                        );
                    else
                        config = config with { StartupTimeout = seconds };
                    break;
                case "functionsMode":
                    var mode = Scalar(value, at, errors);
                    if (mode is null)
                        break;
                    if (mode == "strict")
                        config = config with { FunctionsMode = FunctionsMode.Strict };
                    else if (mode == "disabled")
                        config = config with { FunctionsMode = FunctionsMode.Disabled };
                    else
                        errors.Add($"{at}: must be 'strict' or 'disabled', not '{mode}'");
                    break;
                case "healthCheckPath":
                    var check = Scalar(value, at, errors);
                    if (check is null)
                        break;
                    if (!check.StartsWith('/') || check.Any(char.IsWhiteSpace) || check.Contains('#'))
                        errors.Add(
                            $"{at}: must be a path that starts with '/' and has no spaces, "
                                + $"e.g. /healthz, not '{check}'"
                        );
                    else
                        config = config with { HealthCheckPath = check };
                    break;
                case "exposeEnvironmentsOnBuild":
                    var b = Scalar(value, at, errors);
                    if (b is null)
                        break;
                    if (b is "true" or "false")
                        config = config with { ExposeEnvironmentsOnBuild = b == "true" };
                    else
                        errors.Add($"{at}: must be true or false, not '{b}'");
                    break;
                case "buildRoot":
                    var root0 = Scalar(value, at, errors);
                    if (root0 is null)
                        break;
                    var normalized = root0.Trim().Trim('/');
                    if (
                        normalized.Length == 0
                        || Path.IsPathRooted(root0)
                        || normalized.Split('/').Any(p => p is ".." or ".")
                    )
                        errors.Add($"{at}: must be a relative path inside the repository (no '..'), not '{root0}'");
                    else
                        config = config with { BuildRoot = normalized };
                    break;
                case "extraPorts":
                    warnings.Add($"{at}: extra ports are not supported by this server; the key is ignored");
                    break;
                default:
                    warnings.Add(
                        $"{at}: unknown key, ignored (known keys: runtime, run, install, "
                            + "build, systemDependencies, startupTimeout, functionsMode, "
                            + "healthCheckPath, exposeEnvironmentsOnBuild, buildRoot, extraPorts)"
                    );
                    break;
            }
        }
        return errors.Count > 0 ? new(null, errors, warnings) : new(config, errors, warnings);
    }

    private static string Kind(YamlNode n) =>
        n switch
        {
            YamlMappingNode => "mapping",
            YamlSequenceNode => "list",
            _ => "single value",
        };

    private static string? Scalar(YamlNode node, string at, List<string> errors)
    {
        if (node is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value))
            return s.Value;
        errors.Add(
            $"{at}: must be a single non-empty value, not a {(node is YamlScalarNode ? "blank value" : Kind(node))}"
        );
        return null;
    }

    private static IReadOnlyList<string> StringList(YamlNode node, string at, List<string> errors)
    {
        if (node is not YamlSequenceNode seq)
        {
            errors.Add($"{at}: must be a list of names");
            return [];
        }
        var items = new List<string>();
        foreach (var item in seq.Children)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } v })
                items.Add(v);
            else
                errors.Add($"{at}: line {item.Start.Line}: each item must be a name");
        }
        return items;
    }

    private static IReadOnlyList<BuildStep>? Steps(YamlNode node, string at, List<string> errors)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } single })
            return [new BuildStep.Shell(single)];
        if (node is not YamlSequenceNode seq)
        {
            errors.Add(
                $"{at}: must be a shell command or a list of steps (shell "
                    + "commands, {use: default}, {require: [paths]})"
            );
            return null;
        }
        var steps = new List<BuildStep>();
        foreach (var item in seq.Children)
        {
            var itemAt = $"{at}, item at line {item.Start.Line}";
            switch (item)
            {
                case YamlScalarNode { Value: { Length: > 0 } cmd }:
                    steps.Add(new BuildStep.Shell(cmd));
                    break;
                case YamlMappingNode map when map.Children.Count == 1:
                    var (k, v) = map.Children.First();
                    var name = (k as YamlScalarNode)?.Value;
                    if (name == "use" && v is YamlScalarNode { Value: "default" })
                        steps.Add(new BuildStep.UseDefault());
                    else if (name == "use")
                        errors.Add($"{itemAt}: 'use' only takes 'default'");
                    else if (name == "require")
                    {
                        var paths = v is YamlScalarNode { Value: { Length: > 0 } one }
                            ? [one]
                            : StringList(v, itemAt, errors);
                        foreach (var p in paths)
                            if (Path.IsPathRooted(p) || p.Split('/').Contains(".."))
                                errors.Add(
                                    $"{itemAt}: required path '{p}' must be relative and stay "
                                        + "inside the repository"
                                );
                        steps.Add(new BuildStep.Require(paths));
                    }
                    else
                        errors.Add(
                            $"{itemAt}: unknown step '{name}'; a step is a shell command, "
                                + "{use: default} or {require: [paths]}"
                        );
                    break;
                default:
                    errors.Add($"{itemAt}: a step is a shell command, {{use: default}} or {{require: [paths]}}");
                    break;
            }
        }
        return steps;
    }
}

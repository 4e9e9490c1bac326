using GitDeploy.Build.LeanEngine;

namespace GitDeploy.Build.Pipeline;

public sealed record BuildRequest
{
    public required string App { get; init; }
    /// <summary>The checked-out source: becomes the release's app directory.</summary>
    public required string SourceDir { get; init; }
    /// <summary>Scratch space for this build, deleted afterwards.</summary>
    public required string WorkDir { get; init; }
    public bool PrintBuildLogs { get; init; }
    public bool NoCache { get; init; }
    /// <summary>The app's own user (uid = gid) its build steps run as; null: the server's user.</summary>
    public int? Uid { get; init; }
    /// <summary>Only the dependency environment (of a stored release whose one is gone): no build steps.</summary>
    public bool EnvironmentOnly { get; init; }
    /// <summary>Built-in and custom variables, given to install and build only with
    /// exposeEnvironmentsOnBuild.</summary>
    public IReadOnlyDictionary<string, string> AppEnvironment { get; init; } = new Dictionary<string, string>();
}

/// <summary>Everything needed to start a release later without the build: written as release.json.</summary>
public sealed record ReleaseManifest
{
    public required string Buildpack { get; init; }
    public required string RuntimeVersion { get; init; }
    public required string EnvDir { get; init; }
    /// <summary>App directory relative to the release's source root (buildRoot).</summary>
    public required string AppDir { get; init; }
    public required string StartCommand { get; init; }
    public required int StartupTimeout { get; init; }
    public required FunctionsMode FunctionsMode { get; init; }
    /// <summary>leanengine.yaml healthCheckPath; null: the ping, else <c>/</c>.</summary>
    public string? HealthCheckPath { get; init; }
    /// <summary>
    /// How instances run (PATH prefix, variables, links), as the buildpack declared it. A release.json
    /// written before buildpacks declared it lacks the field and reads as <see cref="LegacyReleaseManifest"/>'s.
    /// </summary>
    public RunEnvironment Run { get; init; } = LegacyReleaseManifest.PythonRun;
}

public sealed record BuildResult(ReleaseManifest? Manifest, string? Error)
{
    public bool Succeeded => Manifest is not null;
    public static BuildResult Fail(string error) => new(null, error);
}

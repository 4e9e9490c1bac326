using GitDeploy.Build.LeanEngine;

namespace GitDeploy.Build.Pipeline;

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

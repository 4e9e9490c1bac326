namespace GitDeploy.Build.LeanEngine;

/// <summary>leanengine.yaml as a typed value. Defaults are Cloud Engine's.</summary>
public sealed record LeanEngineConfig
{
    public const int DefaultStartupTimeout = 30;
    public const int MinStartupTimeout = 15;
    public const int MaxStartupTimeout = 120;

    public string? Runtime { get; init; }
    public string? Run { get; init; }

    /// <summary>null: the buildpack's default install.</summary>
    public IReadOnlyList<BuildStep>? Install { get; init; }
    public IReadOnlyList<BuildStep> Build { get; init; } = [];
    public IReadOnlyList<string> SystemDependencies { get; init; } = [];
    public int StartupTimeout { get; init; } = DefaultStartupTimeout;
    public FunctionsMode FunctionsMode { get; init; } = FunctionsMode.Default;

    /// <summary>The path the startup and health checks ask instead of the ping and <c>/</c>.</summary>
    public string? HealthCheckPath { get; init; }
    public bool ExposeEnvironmentsOnBuild { get; init; }
    public string? BuildRoot { get; init; }

    public static readonly LeanEngineConfig Empty = new();
}

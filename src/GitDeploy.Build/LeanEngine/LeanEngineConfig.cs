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

public enum FunctionsMode
{
    Default,
    Strict,
    Disabled,
}

/// <summary>One item of <c>install:</c> or <c>build:</c>.</summary>
public abstract record BuildStep
{
    public sealed record Shell(string Command) : BuildStep
    {
        public override string ToString() => Command;
    }

    public sealed record UseDefault : BuildStep
    {
        public override string ToString() => "{use: default}";
    }

    public sealed record Require(IReadOnlyList<string> Paths) : BuildStep
    {
        public override string ToString() => "{require: [" + string.Join(", ", Paths) + "]}";
    }
}

/// <summary>The outcome of reading leanengine.yaml: a config, or the errors that say what to fix.</summary>
public sealed record LeanEngineParseResult(
    LeanEngineConfig? Config,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings
)
{
    public bool Ok => Errors.Count == 0 && Config is not null;
}

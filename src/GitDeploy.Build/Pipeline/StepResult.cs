namespace GitDeploy.Build.Pipeline;

/// <summary>One command of a build, its captured output and exit code.</summary>
public sealed record StepResult(int ExitCode, IReadOnlyList<string> Lines, TimeSpan Duration, bool TimedOut)
{
    public bool Ok => ExitCode == 0 && !TimedOut;
}

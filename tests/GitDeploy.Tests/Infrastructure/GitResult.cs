namespace GitDeploy.Tests.Infrastructure;

public sealed record GitResult(int ExitCode, string Output)
{
    public GitResult ShouldSucceed()
    {
        Assert.True(ExitCode == 0, $"git failed (exit {ExitCode}):\n{Output}");
        return this;
    }
}

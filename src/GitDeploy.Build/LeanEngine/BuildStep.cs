namespace GitDeploy.Build.LeanEngine;

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

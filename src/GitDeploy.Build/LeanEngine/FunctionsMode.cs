namespace GitDeploy.Build.LeanEngine;

public enum FunctionsMode
{
    Default,
    Strict,
    Disabled,
}

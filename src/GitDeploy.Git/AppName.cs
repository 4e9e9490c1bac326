using System.Text.RegularExpressions;

namespace GitDeploy.Git;

/// <summary>App names are path components on disk and in URLs: only this shape is ever accepted.</summary>
public static partial class AppName
{
    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public const string Rule = "an app name is 1 to 40 characters: a lowercase letter, then lowercase letters, digits or '-'";
}

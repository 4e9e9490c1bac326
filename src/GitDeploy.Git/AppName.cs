using System.Text.RegularExpressions;

namespace GitDeploy.Git;

/// <summary>App names are path components on disk and in URLs: only this shape is ever accepted.</summary>
public static partial class AppName
{
    [GeneratedRegex(@"^[a-z][a-z0-9-]{0,39}\z")]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public const string Rule =
        "an app name is 1 to 40 characters: a lowercase letter, then lowercase letters, digits or '-'";

    /// <summary>stg-APP.DOMAIN is APP's stage address, so no app may be named stg-….</summary>
    public const string StagePrefix = "stg-";

    /// <summary>Why a new app cannot take this name, or null when it can.</summary>
    public static string? RefusalForNew(string? name) =>
        !IsValid(name) ? $"'{name}' is not a valid app name: {Rule}"
        : name!.StartsWith(StagePrefix, StringComparison.Ordinal)
            ? $"'{name}' cannot be an app name: {name}.DOMAIN is the stage address of app "
                + $"{name[StagePrefix.Length..]}; "
                + $"choose a name that does not start with {StagePrefix}"
        : null;
}

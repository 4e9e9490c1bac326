namespace GitDeploy.Git;

/// <summary>
/// What a deploy may name (<c>gitdeploy deploy APP --ref X</c>): a full commit id, or a branch, tag or
/// short commit id by <c>git check-ref-format --allow-onelevel</c>'s rules, not starting with '-'.
/// Checked whole, before git or libgit2 sees it: no option, no revision syntax (~, ^, @{…}), no newline.
/// </summary>
public static class RefName
{
    public const string Rule = "name a branch, a tag or a commit id: no leading '-', no spaces, control characters, "
        + "'~', '^', ':', '?', '*', '[', '\\', \"..\" or \"@{\", no part starting with '.' or ending in \".lock\", "
        + "not ending in '/' or '.' (git check-ref-format)";

    private const string Forbidden = " ~^:?*[\\";

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 255 || name[0] == '-' || name == "@") return false;
        if (name[0] == '/' || name[^1] == '/' || name[^1] == '.') return false;
        if (name.Contains("..", StringComparison.Ordinal) || name.Contains("//", StringComparison.Ordinal)
            || name.Contains("@{", StringComparison.Ordinal)) return false;
        foreach (var c in name)
            if (c < 0x20 || c == 0x7f || Forbidden.Contains(c)) return false;
        foreach (var part in name.Split('/'))
            if (part.StartsWith('.') || part.EndsWith(".lock", StringComparison.Ordinal)) return false;
        return true;
    }
}

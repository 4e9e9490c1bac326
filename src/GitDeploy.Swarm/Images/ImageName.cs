using System.Text.RegularExpressions;

namespace GitDeploy.Swarm;

/// <summary>REPOSITORY[:TAG] inside the swarm registry (Docker's grammar, without a registry host).</summary>
public sealed partial record ImageName(string Repository, string Tag)
{
    public static ImageName? Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        var (repo, tag) = colon > text.LastIndexOf('/') && colon > 0 ? (text[..colon], text[(colon + 1)..]) : (text,
            "latest");
        return Repo().IsMatch(repo) && TagPattern().IsMatch(tag) ? new ImageName(repo, tag) : null;
    }

    public override string ToString() => $"{Repository}:{Tag}";

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex Repo();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();
}

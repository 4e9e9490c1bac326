namespace GitDeploy.Deploys.Webhooks;

public static class Providers
{
    public const string GitHub = "github";
    public const string GitLab = "gitlab";
    public const string Gitea = "gitea";

    /// <summary>No provider: a deploy URL with the secret in it (Cloud Engine's deploy webhook).</summary>
    public const string Generic = "generic";
    public static readonly IReadOnlyList<string> All = [GitHub, GitLab, Gitea, Generic];
}

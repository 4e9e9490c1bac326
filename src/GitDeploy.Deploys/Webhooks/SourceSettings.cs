using GitDeploy.State;

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

/// <summary>A user name and token for the source repository. Never printed: ToString hides it.</summary>
public sealed record SourceCredential(string User, string Password)
{
    /// <summary>"user:token", or a bare token with the user name the provider expects.</summary>
    public static SourceCredential Parse(string stored, string provider)
    {
        var colon = stored.IndexOf(':');
        if (colon > 0)
            return new(stored[..colon], stored[(colon + 1)..]);
        return new(
            provider switch
            {
                Providers.GitHub => "x-access-token",
                Providers.GitLab => "oauth2",
                _ => "git",
            },
            stored
        );
    }

    public override string ToString() => "SourceCredential(***)";
}

/// <summary>An app's source settings as the webhook endpoints and the fetcher use them.</summary>
public sealed record SourceSettings(
    string App,
    string Url,
    string Provider,
    BranchMapping Branches,
    string Secret,
    SourceCredential? Credential
)
{
    public static SourceSettings From(SourceRecord r) =>
        new(
            r.App,
            r.Url,
            r.Provider,
            BranchMapping.Parse(r.Branches),
            r.Secret,
            string.IsNullOrEmpty(r.Credentials) ? null : SourceCredential.Parse(r.Credentials, r.Provider)
        );

    public string? EnvFor(string branch) => Branches.EnvFor(branch);

    /// <summary>What the generic deploy URL deploys: the branch that goes to production, else the first one.</summary>
    public string DefaultBranch => Branches.ProductionBranch ?? "main";

    public string DescribeBranches() => Branches.Describe();

    /// <summary>Where the provider posts. The generic one carries the secret, so it is as secret as the
    /// secret.</summary>
    public string WebhookPath =>
        Provider == Providers.Generic ? $"/webhooks/generic/{App}/{Secret}" : $"/webhooks/{Provider}/{App}";
}

using GitDeploy.State;

namespace GitDeploy.Deploys.Webhooks;

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

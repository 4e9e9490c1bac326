namespace GitDeploy.Deploys.Webhooks;

/// <summary>A change to an app's source settings (<c>gitdeploy apps source</c>); null fields keep what is
/// set.</summary>
public sealed record SourceChange
{
    public string? Url { get; init; }
    public string? Provider { get; init; }
    public string[]? Branches { get; init; }
    public string? Secret { get; init; }
    public bool GenerateSecret { get; init; }

    /// <summary>"TOKEN" or "USER:TOKEN"; "" removes them.</summary>
    public string? Credentials { get; init; }
}

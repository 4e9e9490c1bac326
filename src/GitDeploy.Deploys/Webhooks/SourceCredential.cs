namespace GitDeploy.Deploys.Webhooks;

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

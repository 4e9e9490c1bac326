namespace GitDeploy.Git.GitHttp;

/// <summary>
/// The host (GitDeploy.Server) plugs auth and the receive-pack hook environment in here, so this
/// assembly knows nothing about tokens or deploys.
/// </summary>
public interface IGitAccess
{
    GitAccessDecision Authorize(Microsoft.AspNetCore.Http.HttpContext context, string app, GitService service);

    /// <summary>Extra environment for <c>git receive-pack</c>, inherited by its hooks.</summary>
    IReadOnlyDictionary<string, string> ReceivePackEnvironment(
        Microsoft.AspNetCore.Http.HttpContext context,
        string app,
        string principal
    );
}

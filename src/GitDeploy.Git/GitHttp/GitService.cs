namespace GitDeploy.Git.GitHttp;

/// <summary>The two services smart HTTP exposes; anything else is refused before git runs.</summary>
public enum GitService
{
    UploadPack,
    ReceivePack,
}

public static class GitServices
{
    public static bool TryParse(string? name, out GitService service)
    {
        service = default;
        switch (name)
        {
            case "git-upload-pack":
                service = GitService.UploadPack;
                return true;
            case "git-receive-pack":
                service = GitService.ReceivePack;
                return true;
            default:
                return false;
        }
    }

    public static string Name(this GitService s) => s == GitService.UploadPack ? "git-upload-pack" : "git-receive-pack";

    public static string Verb(this GitService s) => s == GitService.UploadPack ? "upload-pack" : "receive-pack";
}

/// <summary>What the host decides for one git request. Expected refusals are values, not exceptions.</summary>
public sealed record GitAccessDecision(bool Allowed, int StatusCode, string Principal, string Message)
{
    public static GitAccessDecision Allow(string principal) => new(true, 200, principal, "");

    public static GitAccessDecision Challenge(string message) => new(false, 401, "", message);

    public static GitAccessDecision Deny(int status, string message) => new(false, status, "", message);
}

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

public sealed class GitHttpOptions
{
    public string GitExecutable { get; set; } = "git";

    /// <summary>HOME for git processes, so the server user's ~/.gitconfig never changes behaviour.</summary>
    public string GitHome { get; set; } = Path.GetTempPath();

    /// <summary>Cap on an inflated gzip request body (git gzips only upload-pack requests: wants and haves).</summary>
    public long MaxInflatedRequestBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// What to tell a pusher when git ran out of disk space in a repository (path → message);
    /// null: git's words only.
    /// </summary>
    public Func<string, string>? DescribeFullDisk { get; set; }
}

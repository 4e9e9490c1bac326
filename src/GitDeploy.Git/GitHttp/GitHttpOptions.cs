namespace GitDeploy.Git.GitHttp;

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

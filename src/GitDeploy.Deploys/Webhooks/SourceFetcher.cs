using CliWrap;
using CliWrap.Buffered;
using GitDeploy.Git;
using GitDeploy.Git.Repos;
using Microsoft.Extensions.Logging;

namespace GitDeploy.Deploys.Webhooks;

/// <summary>
/// Fetches from an app's source repository into its bare repo with the real <c>git fetch</c>, into
/// <c>refs/remotes/source/BRANCH</c>. Credentials reach git only through a credential helper scoped
/// to the source's origin that reads them from the child's environment: never in argv, a URL, a
/// message or a log line. Inherited GIT_* variables are stripped and HOME is pinned, as for serving.
/// </summary>
public sealed class SourceFetcher(RepoManager repos, PlatformOptions platform, ILogger<SourceFetcher> log)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private const string Helper =
        """!f() { test "$1" = get || exit 0; printf 'username=%s\npassword=%s\n' """
        + """ "$GITDEPLOY_SOURCE_USER" "$GITDEPLOY_SOURCE_PASSWORD"; }; f""";

    public static string TrackingRef(string branch) => "refs/remotes/source/" + branch;

    public async Task<FetchResult> FetchBranchAsync(SourceSettings source, string branch)
    {
        var (exit, stderr) = await GitFetchAsync(source, $"+refs/heads/{branch}:{TrackingRef(branch)}");
        if (exit != 0)
            return new(null, Explain(source, branch, stderr));
        var head = repos.FindCommit(source.App, TrackingRef(branch))?.Sha;
        return head is null ? new(null, $"the source sent no commit for {branch}") : new(head, null);
    }

    /// <summary>A commit the branch no longer points at may still be fetchable by id (protocol v2 servers allow
    /// reachable ones).</summary>
    public async Task<bool> TryFetchCommitAsync(SourceSettings source, string commit)
    {
        if (repos.FindCommit(source.App, commit) is not null)
            return true;
        await GitFetchAsync(source, commit);
        return repos.FindCommit(source.App, commit) is not null;
    }

    public async Task<bool> IsAncestorAsync(string app, string ancestor, string descendant)
    {
        var r = await Cli.Wrap("git")
            .WithArguments(["--git-dir", repos.PathFor(app), "merge-base", "--is-ancestor", ancestor, descendant])
            .WithEnvironmentVariables(BaseEnvironment())
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        return r.ExitCode == 0;
    }

    private async Task<(int Exit, string Stderr)> GitFetchAsync(SourceSettings source, string refspec)
    {
        var args = new List<string> { "--git-dir", repos.PathFor(source.App) };
        var env = BaseEnvironment();
        var remote = new Uri(source.Url);
        if (source.Credential is { } c && remote.Scheme is "http" or "https")
        {
            var origin = $"{remote.Scheme}://{remote.Authority}";
            args.AddRange(["-c", "credential.helper=", "-c", $"credential.{origin}.helper={Helper}"]);
            env["GITDEPLOY_SOURCE_USER"] = c.User;
            env["GITDEPLOY_SOURCE_PASSWORD"] = c.Password;
        }
        args.AddRange([
            "-c",
            "fetch.fsckObjects=true",
            "-c",
            "http.lowSpeedLimit=1000",
            "-c",
            "http.lowSpeedTime=60",
            "fetch",
            "--no-tags",
            "--no-write-fetch-head",
            "--quiet",
            "--",
            source.Url,
            refspec,
        ]);
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            var r = await Cli.Wrap("git")
                .WithArguments(args)
                .WithEnvironmentVariables(env)
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cts.Token);
            if (r.ExitCode != 0)
                log.FetchFailed(source.App, source.Url, Redact.Text(r.StandardError.Trim(), source.Credential));
            return (r.ExitCode, Redact.Text(r.StandardError, source.Credential));
        }
        catch (OperationCanceledException)
        {
            return (-1, $"timed out after {Timeout.TotalMinutes:0} minutes");
        }
    }

    private Dictionary<string, string?> BaseEnvironment()
    {
        var env = GitEnvironment.Base(platform.DataDir);
        env["SSH_ASKPASS"] = null;
        env["GIT_TERMINAL_PROMPT"] = "0";
        return env;
    }

    /// <summary>Says which of the usual failures it was: credentials, a missing branch, or an unreachable
    /// repository.</summary>
    private static string Explain(SourceSettings source, string branch, string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var gitSays =
            lines.FirstOrDefault(l => l.StartsWith("fatal:", StringComparison.Ordinal))
            ?? lines.LastOrDefault()
            ?? "no message";
        var fix = $"`gitdeploy apps source {source.App}`";
        if (
            stderr.Contains("Authentication failed", StringComparison.Ordinal)
            || stderr.Contains("could not read Username", StringComparison.Ordinal)
            || stderr.Contains("could not read Password", StringComparison.Ordinal)
            || stderr.Contains("returned error: 403", StringComparison.Ordinal)
        )
            return source.Credential is null
                ? $"the source repository {source.Url} wants credentials ({gitSays}); "
                    + $"give a token with {fix} --credentials TOKEN"
                : $"the source repository {source.Url} refused the credentials "
                    + $"({gitSays}); give a valid token with {fix} --credentials TOKEN";
        if (stderr.Contains("couldn't find remote ref", StringComparison.Ordinal))
            return $"branch {branch} is not in the source repository {source.Url}";
        return $"cannot reach the source repository {source.Url} ({gitSays}); check the URL with {fix} --url URL";
    }
}

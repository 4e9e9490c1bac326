using LibGit2Sharp;

namespace GitDeploy.Git.Repos;

/// <summary>
/// Owns the bare repositories under <c>repos/APP.git</c>: creation with hardened config, the shared
/// hooks directory, reads of commits and the release tags. LibGit2Sharp for all of it; one
/// <see cref="Repository"/> per call because it is not thread-safe.
/// </summary>
public sealed class RepoManager
{
    public string ReposRoot { get; }
    public string HooksPath { get; }
    private readonly long _maxInputSize;

    public RepoManager(string reposRoot, string hooksPath, long maxInputSize)
    {
        ReposRoot = reposRoot;
        HooksPath = hooksPath;
        _maxInputSize = maxInputSize;
        Directory.CreateDirectory(reposRoot);
        // The server owns these repositories; libgit2's ownership check would refuse them when the
        // data directory was created by another user (e.g. restored from a backup).
        GlobalSettings.SetOwnerValidation(false);
    }

    public string PathFor(string app)
    {
        if (!AppName.IsValid(app))
            throw new ArgumentException(AppName.Rule, nameof(app));
        return Path.Combine(ReposRoot, app + ".git");
    }

    public bool Exists(string app) => AppName.IsValid(app) && Directory.Exists(PathFor(app));

    /// <summary>The branch a new repository's HEAD names: clones check it out.</summary>
    public const string DefaultBranch = "main";

    public void Create(string app)
    {
        var path = PathFor(app);
        if (Directory.Exists(path))
            return;
        var tmp = path + ".creating";
        if (Directory.Exists(tmp))
            Directory.Delete(tmp, recursive: true);
        Repository.Init(tmp, isBare: true);
        using (var repo = new Repository(tmp))
        {
            var c = repo.Config;
            c.Set("core.hooksPath", HooksPath);
            c.Set("receive.fsckObjects", true);
            c.Set("receive.advertisePushOptions", true);
            // gc would run inside the push (the client waits for it); GitDeploy runs it after the push instead.
            c.Set("receive.autogc", false);
            // Keep every push as a pack: loose objects make each clone recompress them (5x slower).
            c.Set("receive.unpackLimit", 1);
            c.Set("gc.autoPackLimit", 20);
            c.Set("receive.maxInputSize", _maxInputSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
            c.Set("receive.keepAlive", 5);
            c.Set("repack.writeBitmaps", true);
            c.Set("uploadpack.allowFilter", true);
            // A partial clone's lazy fetch asks for blobs by id (protocol v0 needs this; v2 allows it anyway).
            c.Set("uploadpack.allowAnySHA1InWant", true);
            c.Set("gitdeploy.app", app);
        }
        File.WriteAllText(Path.Combine(tmp, "HEAD"), $"ref: refs/heads/{DefaultBranch}\n");
        // Rename last: a crash mid-creation leaves only a ".creating" directory, never a half repo.
        Directory.Move(tmp, path);
    }

    /// <summary>
    /// Points every repository at this server's hooks: a data directory restored from a backup or
    /// moved still holds the old directory's path.
    /// </summary>
    public int RepointHooks()
    {
        var changed = 0;
        foreach (var path in Directory.EnumerateDirectories(ReposRoot, "*.git"))
        {
            using var repo = new Repository(path);
            if (repo.Config.Get<string>("core.hooksPath")?.Value == HooksPath)
                continue;
            repo.Config.Set("core.hooksPath", HooksPath);
            changed++;
        }
        return changed;
    }

    /// <summary>Writes the tree of a commit into <paramref name="target"/>; the error, or null.</summary>
    /// <remarks>With a <paramref name="quarantine"/>, also from the objects of a push not yet accepted.</remarks>
    public async Task<string?> ExportAsync(string app, string commitSha, string target, Quarantine? quarantine = null)
    {
        var stderr = new System.Text.StringBuilder();
        var archive = CliWrap
            .Cli.Wrap("git")
            .WithArguments(["--git-dir", PathFor(app), "archive", "--format=tar", commitSha])
            .WithEnvironmentVariables(GitEnvironmentFor(app, quarantine))
            .WithStandardErrorPipe(CliWrap.PipeTarget.ToStringBuilder(stderr))
            .WithValidation(CliWrap.CommandResultValidation.None);
        var untar = CliWrap
            .Cli.Wrap("tar")
            .WithArguments(["-x", "-C", target])
            .WithStandardErrorPipe(CliWrap.PipeTarget.ToStringBuilder(stderr))
            .WithValidation(CliWrap.CommandResultValidation.None);
        var result = await (archive | untar).ExecuteAsync();
        if (result.ExitCode == 0 && !stderr.ToString().Contains("fatal:", StringComparison.Ordinal))
            return null;
        var commit = commitSha[..Math.Min(7, commitSha.Length)];
        return $"writing the code of {commit} into {target} failed: {stderr.ToString().Trim()}";
    }

    /// <summary>
    /// While HEAD names a branch that does not exist (a new repository, or one whose first push was
    /// of another branch), points it at a pushed branch: the first of <paramref name="preferred"/>
    /// that was pushed, else the first pushed. Returns the branch HEAD now names, or null if unchanged.
    /// </summary>
    public string? PointHeadIfUnborn(string app, IReadOnlyList<string> pushed, IReadOnlyList<string> preferred)
    {
        using var repo = new Repository(PathFor(app));
        if (repo.Refs.Head is not SymbolicReference head || repo.Refs[head.TargetIdentifier] is not null)
            return null;
        var pick = preferred.FirstOrDefault(pushed.Contains) ?? pushed.FirstOrDefault();
        if (pick is null || repo.Refs["refs/heads/" + pick] is null)
            return null;
        repo.Refs.UpdateTarget("HEAD", "refs/heads/" + pick);
        return pick;
    }

    public void Delete(string app)
    {
        var path = PathFor(app);
        if (!Directory.Exists(path))
            return;
        var trash = path + ".deleting-" + Guid.NewGuid().ToString("N");
        Directory.Move(path, trash);
        Directory.Delete(trash, recursive: true);
    }

    public CommitInfo? FindCommit(string app, string committish, Quarantine? quarantine = null)
    {
        if (quarantine is not null)
            return quarantine.FindCommit(PathFor(app), committish, GitEnvironmentFor(app, quarantine));
        using var repo = new Repository(PathFor(app));
        var commit = repo.Lookup<Commit>(committish);
        return commit is null ? null : new CommitInfo(commit.Sha, commit.MessageShort, commit.Author.Name);
    }

    public void Tag(string app, string tag, string commitSha, string message, DateTimeOffset when)
    {
        using var repo = new Repository(PathFor(app));
        if (repo.Tags[tag] is not null)
            return;
        var sig = new Signature("GitDeploy", "gitdeploy@localhost", when);
        repo.Tags.Add(tag, commitSha, sig, message);
    }

    /// <summary>Repacks when pushes have left many packs (git gc --auto), outside any push.</summary>
    public async Task MaintainAsync(string app)
    {
        await CliWrap
            .Cli.Wrap("git")
            .WithArguments(["--git-dir", PathFor(app), "gc", "--auto", "--quiet"])
            .WithEnvironmentVariables(GitEnvironmentFor(app))
            .WithValidation(CliWrap.CommandResultValidation.None)
            .ExecuteAsync();
    }

    /// <summary>The environment of a git run on the app's repository (HOME: the data directory), with a push's
    /// quarantined objects when given.</summary>
    private Dictionary<string, string?> GitEnvironmentFor(string app, Quarantine? quarantine = null)
    {
        var env = GitEnvironment.Base(Path.GetDirectoryName(Path.GetFullPath(ReposRoot))!);
        foreach (var (k, v) in quarantine?.Environment(PathFor(app)) ?? [])
            env[k] = v;
        return env;
    }

    public IReadOnlyList<string> Tags(string app)
    {
        using var repo = new Repository(PathFor(app));
        return repo.Tags.Select(t => t.FriendlyName).ToList();
    }
}

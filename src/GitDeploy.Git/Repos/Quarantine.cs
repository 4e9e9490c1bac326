namespace GitDeploy.Git.Repos;

/// <summary>
/// The object directory where git keeps a push's objects until its pre-receive hook accepts them
/// (<c>GIT_QUARANTINE_PATH</c>): a strict push builds its release from there, before the branch moves.
/// </summary>
public sealed class Quarantine
{
    public string ObjectsDir { get; }

    private Quarantine(string objectsDir) => ObjectsDir = objectsDir;

    /// <summary>
    /// The quarantine a hook names, if it is one of <paramref name="repoPath"/>'s (a <c>tmp_objdir-*</c>
    /// directory directly in its objects directory); else null: a hook's word is not a path to trust.
    /// </summary>
    public static Quarantine? Of(string repoPath, string? hookPath)
    {
        if (string.IsNullOrEmpty(hookPath) || !Path.IsPathFullyQualified(hookPath)) return null;
        var full = Path.GetFullPath(hookPath).TrimEnd('/');
        var objects = Path.GetFullPath(Path.Combine(repoPath, "objects"));
        if (Path.GetDirectoryName(full) != objects) return null;
        if (!Path.GetFileName(full).StartsWith("tmp_objdir-", StringComparison.Ordinal)) return null;
        var info = new DirectoryInfo(full);
        return info.Exists && info.LinkTarget is null ? new Quarantine(full) : null;
    }

    /// <summary>The variables that make a git command see the quarantined objects beside the repository's.</summary>
    public Dictionary<string, string?> Environment(string repoPath) => new(StringComparer.Ordinal)
    {
        ["GIT_OBJECT_DIRECTORY"] = ObjectsDir,
        ["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = Path.Combine(repoPath, "objects"),
        ["GIT_QUARANTINE_PATH"] = ObjectsDir,
    };

    /// <summary>A commit's sha, subject and author, read with git (libgit2 does not see a quarantine).</summary>
    public CommitInfo? FindCommit(string repoPath, string committish, IReadOnlyDictionary<string, string?> env)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "--git-dir", repoPath, "log", "-1", "--format=%H%x00%an%x00%s", committish, "--" })
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in env)
        {
            if (v is null)
                psi.Environment.Remove(k);
            else
                psi.Environment[k] = v;
        }
        using var git = System.Diagnostics.Process.Start(psi)!;
        var output = git.StandardOutput.ReadToEnd();
        git.StandardError.ReadToEnd();
        git.WaitForExit();
        var parts = output.TrimEnd('\n').Split('\0');
        return git.ExitCode == 0 && parts.Length == 3 ? new CommitInfo(parts[0], parts[2], parts[1]) : null;
    }
}

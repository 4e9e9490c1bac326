namespace GitDeploy.Build.Pipeline;

/// <summary>
/// The server reads some of an app's files itself, outside its sandbox (leanengine.yaml, what the
/// buildpacks' detect, runtime and release scripts read, the install step's dependency files and
/// required paths): a symbolic link among them pointing out of the source would make the server
/// read, print or copy a file of its own.
/// </summary>
public static class SourceFiles
{
    /// <summary>What the platform itself reads at the source's root (buildpacks name theirs: <c>reads</c>).</summary>
    public static readonly string[] ConfigFiles = ["leanengine.yaml", "leanengine.yml"];

    /// <summary>Whether <paramref name="path"/> under <paramref name="root"/>, or a directory on its way, leads
    /// outside.</summary>
    public static bool Escapes(string root, string path)
    {
        var full = Path.GetFullPath(root);
        var current = full;
        foreach (var part in Path.GetRelativePath(full, Path.GetFullPath(path)).Split('/'))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is null) continue;
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !Inside(full, target.FullName)) return true;
            current = target.FullName;
        }
        return false;
    }

    /// <summary>
    /// The first of the platform-read files (<see cref="ConfigFiles"/> and <paramref name="readByBuildpacks"/>)
    /// that is a link out of the source, or null.
    /// </summary>
    public static string? FirstEscaping(string root, IEnumerable<string> readByBuildpacks) =>
        ConfigFiles.Concat(readByBuildpacks).Distinct().FirstOrDefault(name =>
    {
        var path = Path.Combine(root, name);
        return (File.Exists(path) || IsLink(path)) && Escapes(root, path);
    });

    /// <summary>Whether the path leads outside, or is a directory holding a file that does (links not
    /// followed).</summary>
    public static bool EscapesOrHolds(string root, string path)
    {
        if (Escapes(root, path)) return true;
        if (!Directory.Exists(path)) return false;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        return Directory.EnumerateFileSystemEntries(path, "*", options).Any(f => Escapes(root, f));
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    private static bool Inside(string root, string path) =>
        path == root || path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);
}

namespace GitDeploy.Isolation;

/// <summary>
/// Names in an app's directory that are symbolic links into its read-only dependency environment
/// (Node.js's <c>node_modules</c>), made the same way for build steps and for each instance. What
/// the repository had under such a name is replaced, as a fresh install would replace it.
/// </summary>
public static class DependencyLinks
{
    /// <summary>Links each name to its target; returns the names that held a real file or directory.</summary>
    public static IReadOnlyList<string> Make(string appDir, IReadOnlyDictionary<string, string> links)
    {
        var replaced = new List<string>();
        foreach (var (name, target) in links)
        {
            var path = Path.Combine(appDir, name);
            if (Delete(path)) replaced.Add(name);
            File.CreateSymbolicLink(path, target);
        }
        return replaced;
    }

    /// <summary>Removes those of the names that are links (what a build step made instead stays).</summary>
    public static void Unmake(string appDir, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            var path = Path.Combine(appDir, name);
            if (new FileInfo(path).LinkTarget is not null) File.Delete(path);
        }
    }

    /// <summary>Deletes the path (a link, not what it points to); whether it was a real file or directory.</summary>
    private static bool Delete(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            File.Delete(path);
            return false;
        }
        if (info.Exists) File.Delete(path);
        else if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        else return false;
        return true;
    }
}

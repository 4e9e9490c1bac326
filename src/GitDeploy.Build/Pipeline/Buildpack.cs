namespace GitDeploy.Build.Pipeline;

/// <summary>
/// One folder of <c>buildpacks/</c>: its scripts (<c>bin/NAME</c>, contract in buildpacks/README.md)
/// and the source files its platform-side scripts read as the server (<c>reads</c>).
/// </summary>
public sealed record Buildpack(string Dir)
{
    public string Name => Path.GetFileName(Dir);

    public string Script(string name) => Path.Combine(Dir, "bin", name);

    public bool Has(string script) => File.Exists(Script(script));

    /// <summary>What detect, runtime and release read of the source, one path a line (<c>#</c> comments).</summary>
    public IEnumerable<string> Reads()
    {
        var file = Path.Combine(Dir, "reads");
        if (!File.Exists(file)) return [];
        return File.ReadLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
    }

    /// <summary>Buildpacks in detection order: by name (nodejs first, as lean-cli's order).</summary>
    public static IReadOnlyList<Buildpack> All(string root) =>
        Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal).Select(d => new Buildpack(d)).ToList();
}

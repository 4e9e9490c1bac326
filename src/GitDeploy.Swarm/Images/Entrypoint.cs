namespace GitDeploy.Swarm;

/// <summary>GitDeploy's entrypoint script in every release image (Resources/run.py; see its docstring).</summary>
public static class Entrypoint
{
    public static byte[] Script { get; } = Load();

    /// <summary>Part of the image's cache key: a changed script makes new images.</summary>
    public static string Version { get; } = RegistryClient.Sha256(Script)[7..19];

    private static byte[] Load()
    {
        using var s = typeof(Entrypoint).Assembly.GetManifestResourceStream("GitDeploy.Swarm.run.py")
            ?? throw new InvalidOperationException("run.py is not embedded");
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}

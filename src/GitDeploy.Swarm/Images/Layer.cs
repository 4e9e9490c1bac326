namespace GitDeploy.Swarm;

/// <summary>
/// One image layer on disk: a gzip'd tar; <paramref name="Digest"/> of the compressed bytes (its name in
/// the registry), <paramref name="DiffId"/> of the tar itself (in the image config).
/// </summary>
public sealed record Layer(string File, string Digest, string DiffId, long Size, string Description);

/// <summary>
/// A directory put into a layer at <paramref name="Target"/> (an absolute path in the image), its files
/// owned by <paramref name="Uid"/>; <paramref name="Skip"/> leaves out paths (relative to the source).
/// </summary>
public sealed record LayerSource(string Source, string Target, int Uid = 0, Func<string, bool>? Skip = null);

/// <summary>A file of a layer given by its content (the entrypoint script).</summary>
public sealed record LayerFile(string Target, byte[] Content, int Mode, int Uid = 0);

/// <summary>An empty directory of a layer (the instance's HOME and TMPDIR).</summary>
public sealed record LayerDirectory(string Target, int Mode, int Uid);

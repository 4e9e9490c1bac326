namespace GitDeploy.Swarm;

/// <summary>
/// A directory put into a layer at <paramref name="Target"/> (an absolute path in the image), its files
/// owned by <paramref name="Uid"/>; <paramref name="Skip"/> leaves out paths (relative to the source).
/// </summary>
public sealed record LayerSource(string Source, string Target, int Uid = 0, Func<string, bool>? Skip = null);

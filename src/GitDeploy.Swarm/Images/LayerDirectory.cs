namespace GitDeploy.Swarm;

/// <summary>An empty directory of a layer (the instance's HOME and TMPDIR).</summary>
public sealed record LayerDirectory(string Target, int Mode, int Uid);

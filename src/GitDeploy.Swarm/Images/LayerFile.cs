namespace GitDeploy.Swarm;

/// <summary>A file of a layer given by its content (the entrypoint script).</summary>
public sealed record LayerFile(string Target, byte[] Content, int Mode, int Uid = 0);

namespace GitDeploy.Swarm;

/// <summary>
/// One image layer on disk: a gzip'd tar; <paramref name="Digest"/> of the compressed bytes (its name in
/// the registry), <paramref name="DiffId"/> of the tar itself (in the image config).
/// </summary>
public sealed record Layer(string File, string Digest, string DiffId, long Size, string Description);

namespace GitDeploy.Build.Pipeline;

public sealed record BuildResult(ReleaseManifest? Manifest, string? Error)
{
    public bool Succeeded => Manifest is not null;
    public static BuildResult Fail(string error) => new(null, error);
}

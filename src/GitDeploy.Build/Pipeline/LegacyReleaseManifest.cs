namespace GitDeploy.Build.Pipeline;

/// <summary>
/// Compatibility, in one place: a release.json written before buildpacks declared their run
/// environment has no <see cref="ReleaseManifest.Run"/>. Every such release is a Python one, and
/// ran with what the supervisor then hard-coded: the virtualenv first on PATH and active, and
/// unbuffered output. Nothing else in the platform names these.
/// </summary>
public static class LegacyReleaseManifest
{
    public static readonly RunEnvironment PythonRun = new()
    {
        PathPrefix = [RunEnvironment.EnvDir + "/venv/bin"],
        Variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["VIRTUAL_ENV"] = RunEnvironment.EnvDir + "/venv",
            ["PYTHONUNBUFFERED"] = "1",
        },
    };
}

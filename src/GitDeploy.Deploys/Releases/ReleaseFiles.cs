using System.Text.Json;
using GitDeploy.Build.Pipeline;

namespace GitDeploy.Deploys.Releases;

/// <summary>
/// Release artifacts on disk: <c>releases/APP/TAG/{src/, release.json, build.log}</c>. A release is
/// built in <c>.building-TAG</c> and renamed into place when complete, so a TAG directory is
/// always whole and never changes afterwards.
/// </summary>
public sealed class ReleaseFiles(string root)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string AppDir(string app) => Path.Combine(root, app);

    public string Dir(string app, string tag) => Path.Combine(root, app, tag);

    public string BuildingDir(string app, string tag) => Path.Combine(root, app, ".building-" + tag);

    public static string SourceDir(string releaseDir) => Path.Combine(releaseDir, "src");

    public void Seal(string app, string tag, ReleaseManifest manifest, string buildLog)
    {
        var building = BuildingDir(app, tag);
        File.WriteAllText(Path.Combine(building, "release.json"), JsonSerializer.Serialize(manifest, Json));
        File.Copy(buildLog, Path.Combine(building, "build.log"), overwrite: true);
        Directory.Move(building, Dir(app, tag));
    }

    /// <summary>
    /// Points a release at a rebuilt dependency environment (the old one is gone, e.g. restored
    /// from a backup, which holds no environments). Only this pointer of an artifact ever changes.
    /// </summary>
    public ReleaseManifest RepointEnv(string app, string tag, ReleaseManifest manifest, string envDir)
    {
        var repointed = manifest with { EnvDir = envDir };
        var path = Path.Combine(Dir(app, tag), "release.json");
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(repointed, Json));
        File.Move(path + ".tmp", path, overwrite: true);
        return repointed;
    }

    public ReleaseManifest? Manifest(string app, string tag)
    {
        var path = Path.Combine(Dir(app, tag), "release.json");
        return File.Exists(path) ? JsonSerializer.Deserialize<ReleaseManifest>(File.ReadAllText(path)) : null;
    }

    /// <summary>Deletes an artifact: renamed away first, so a half-deleted release is never mistaken for one.</summary>
    public void DeleteRelease(string app, string tag)
    {
        var dir = Dir(app, tag);
        if (!Directory.Exists(dir))
            return;
        var trash = Path.Combine(root, app, ".deleting-" + tag);
        Directory.Move(dir, trash);
        Directory.Delete(trash, recursive: true);
    }

    public void DeleteApp(string app)
    {
        var dir = AppDir(app);
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
    }

    /// <summary>Build directories of builds the server did not finish (it was killed).</summary>
    public int SweepUnfinished()
    {
        if (!Directory.Exists(root))
            return 0;
        var n = 0;
        foreach (
            var d in Directory
                .EnumerateDirectories(root)
                .SelectMany(a =>
                    Directory
                        .EnumerateDirectories(a, ".building-*")
                        .Concat(Directory.EnumerateDirectories(a, ".deleting-*"))
                )
        )
        {
            Directory.Delete(d, recursive: true);
            n++;
        }
        return n;
    }
}

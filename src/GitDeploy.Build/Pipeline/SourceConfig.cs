using GitDeploy.Build.LeanEngine;

namespace GitDeploy.Build.Pipeline;

/// <summary>
/// leanengine.yaml of a checked-out source, with <c>buildRoot</c> applied as Cloud Engine does: "as
/// if only that directory had been uploaded". The subdirectory replaces the source tree, so the
/// build, the release artifact and the running app all see that directory as their root; its own
/// leanengine.yaml, when it has one, then says how to build and run it.
/// </summary>
internal static class SourceConfig
{
    /// <param name="readByBuildpacks">Files the buildpacks' scripts read as the server: no link may lead out.</param>
    public static (LeanEngineConfig? Config, string? Error) Read(
        string sourceDir,
        string workDir,
        IBuildOutput output,
        IReadOnlyList<string> readByBuildpacks
    )
    {
        if (Linked(sourceDir, readByBuildpacks, output) is { } linked)
            return (null, linked);
        var (config, error) = Parse(sourceDir, LeanEngineParser.FileName, output);
        if (config?.BuildRoot is not { } buildRoot)
            return (config, error);

        output.Write(BuildText.Header($"Using buildRoot {buildRoot}/: only that directory is built and run"));
        if (Promote(sourceDir, buildRoot, workDir) is { } failure)
        {
            output.Write(BuildText.Error(failure));
            return (null, failure);
        }
        if (Linked(sourceDir, readByBuildpacks, output) is { } innerLinked)
            return (null, innerLinked);
        if (!HasFile(sourceDir))
            return (config, null);
        output.Write(BuildText.Indent + $"reading {buildRoot}/{LeanEngineParser.FileName}");
        var (inner, innerError) = Parse(sourceDir, $"{buildRoot}/{LeanEngineParser.FileName}", output);
        if (inner?.BuildRoot is not null)
            output.Write(
                BuildText.Error(
                    $"warning: buildRoot in {buildRoot}/{LeanEngineParser.FileName} "
                        + "is ignored: only the repository root's one counts"
                )
            );
        return (inner is null ? null : inner with { BuildRoot = null }, innerError);
    }

    private static string? Linked(string dir, IReadOnlyList<string> readByBuildpacks, IBuildOutput output)
    {
        if (SourceFiles.FirstEscaping(dir, readByBuildpacks) is not { } name)
            return null;
        var error = $"{name} is a symbolic link that points outside the repository: commit the file itself";
        output.Write(BuildText.Error(error));
        return error;
    }

    private static bool HasFile(string dir) =>
        File.Exists(Path.Combine(dir, LeanEngineParser.FileName)) || File.Exists(Path.Combine(dir, "leanengine.yml"));

    private static (LeanEngineConfig? Config, string? Error) Parse(string dir, string name, IBuildOutput output)
    {
        var parsed = LeanEngineParser.ParseFile(dir);
        foreach (var w in parsed.Warnings)
            output.Write(BuildText.Error("warning: " + name + " " + w));
        if (parsed.Ok)
            return (parsed.Config, null);
        output.Write(BuildText.Header("Reading " + name));
        foreach (var e in parsed.Errors)
            output.Write(BuildText.Error(e));
        return (null, $"invalid {name}: {string.Join("; ", parsed.Errors)}");
    }

    /// <summary>Makes <paramref name="sourceDir"/>/<paramref name="buildRoot"/> the whole of <paramref
    /// name="sourceDir"/>.</summary>
    private static string? Promote(string sourceDir, string buildRoot, string workDir)
    {
        var dir = sourceDir;
        foreach (var part in buildRoot.Split('/'))
        {
            dir = Path.Combine(dir, part);
            var info = new DirectoryInfo(dir);
            // A link could point anywhere on the server, and the tree around it is about to be deleted.
            if (info.Exists && info.LinkTarget is not null)
                return $"buildRoot '{buildRoot}' goes through a symbolic link ({part}); "
                    + "name a real directory of the repository";
            if (!info.Exists)
                return $"buildRoot '{buildRoot}' is not a directory in the repository; "
                    + $"fix buildRoot in {LeanEngineParser.FileName}";
        }
        var whole = Path.Combine(workDir, "whole-tree");
        Directory.Move(sourceDir, whole);
        Directory.Move(Path.Combine(whole, buildRoot), sourceDir);
        Directory.Delete(whole, recursive: true);
        return null;
    }
}

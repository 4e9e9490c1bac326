using GitDeploy.Build.Cache;
using GitDeploy.Build.LeanEngine;
using GitDeploy.Isolation;

namespace GitDeploy.Build.Pipeline;

/// <summary>
/// The dependency stage: reuse the cached environment whose inputs (runtime version, the bytes of
/// the buildpack's dependency files, install steps, required files, buildpack scripts, system
/// dependencies) are unchanged, which is intact and which the buildpack's <c>check</c> accepts;
/// otherwise build a new one from a directory that holds only the dependency files the buildpack
/// declared (as Cloud Engine: the manifests plus the paths of <c>{require: …}</c>, nothing else).
/// </summary>
internal sealed class InstallStage(
    EnvCache cache,
    StepRunner runner,
    BuildIsolation isolation,
    BuildRequest request,
    LeanEngineConfig config,
    Buildpack buildpack,
    BuildpackDeclarations declared,
    string appDir,
    Dictionary<string, string?> env,
    string? extraPackages
)
{
    private string Version => declared.RuntimeVersion;

    /// <summary>Built-ins that change at every deploy: in the key they would make every deploy reinstall.</summary>
    private static readonly string[] VolatileVariables = ["LEANCLOUD_VERSION_TAG"];

    private IReadOnlyList<BuildStep> Steps => config.Install ?? [new BuildStep.UseDefault()];

    private IEnumerable<string> RequiredPaths =>
        declared.DependencyFiles.Concat(Steps.OfType<BuildStep.Require>().SelectMany(r => r.Paths)).Distinct();

    public string CacheKey()
    {
        var parts = new List<string>
        {
            "v3",
            buildpack.Name,
            Version,
            declared.CacheKey,
            extraPackages ?? "",
            string.Join("\n", Steps),
            string.Join(",", config.SystemDependencies),
        };
        foreach (var script in new[] { "environment", "install", "compile" })
            if (buildpack.Has(script))
                parts.Add(File.ReadAllText(buildpack.Script(script)));
        if (config.ExposeEnvironmentsOnBuild)
            parts.AddRange(
                request
                    .AppEnvironment.Where(kv => !VolatileVariables.Contains(kv.Key))
                    .OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => kv.Key + "=" + kv.Value)
            );
        foreach (var rel in RequiredPaths.Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(appDir, rel);
            parts.Add(rel);
            if (File.Exists(path))
                parts.Add(FileHash(path));
            else if (Directory.Exists(path))
                foreach (
                    var f in Directory
                        .EnumerateFiles(path, "*", SearchOption.AllDirectories)
                        .Order(StringComparer.Ordinal)
                )
                    parts.Add(Path.GetRelativePath(appDir, f) + ":" + FileHash(f));
            else
                parts.Add("<absent>");
        }
        return EnvCache.Key(parts);
    }

    /// <summary>The file's bytes as a SHA-256, streamed: a pushed gigabyte is never held in memory.</summary>
    private static string FileHash(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file));
    }

    public async Task<(StepResult Result, string? EnvDir)> RunAsync(IBuildOutput output, CancellationToken ct)
    {
        var linked = RequiredPaths.Where(p => SourceFiles.EscapesOrHolds(appDir, Path.Combine(appDir, p))).ToList();
        if (linked.Count > 0)
        {
            var names = string.Join(", ", linked.Select(a => $"'{a}'"));
            var error = BuildText.Error(
                $"install: {names} is or holds a symbolic link that points "
                    + "outside the repository: "
                    + "commit the files themselves"
            );
            output.Write(error);
            return (new StepResult(1, [error], TimeSpan.Zero, false), null);
        }
        var absent = Steps
            .OfType<BuildStep.Require>()
            .SelectMany(r => r.Paths)
            .Where(p => !File.Exists(Path.Combine(appDir, p)) && !Directory.Exists(Path.Combine(appDir, p)))
            .ToList();
        if (absent.Count > 0)
        {
            var error = BuildText.Error(
                $"install: {{require: [...]}} names {string.Join(", ", absent.Select(a => $"'{a}'"))}, "
                    + "not in the repository (paths are relative to the app's root); fix the path or commit the file"
            );
            output.Write(error);
            return (new StepResult(1, [error], TimeSpan.Zero, false), null);
        }
        var key = CacheKey();
        var gate = cache.LockFor(key);
        await gate.WaitAsync(ct);
        try
        {
            if (!request.NoCache && cache.Find(key) is { } cached)
            {
                var check = buildpack.Has("check") ? buildpack.Script("check") : null;
                var damage = await EnvCheck.ProblemAsync(cached, ct, CheckCommand(cached), check);
                if (damage is null)
                {
                    output.Write(
                        BuildText.Indent
                            + $"using the cached environment (runtime {Version}, "
                            + $"requirements and install steps unchanged): {declared.Installer} skipped"
                    );
                    // Retention spares environments touched in the last 30 minutes: this build's release is not sealed
                    // yet.
                    Directory.SetLastWriteTimeUtc(cached, runner.Clock.GetUtcNow().UtcDateTime);
                    return (new StepResult(0, [], TimeSpan.Zero, false), cached);
                }
                output.Write(
                    BuildText.Error(
                        $"warning: the cached environment {Path.GetFileName(cached)} "
                            + $"is damaged ({damage}): building a fresh one"
                    )
                );
                EnvCache.Invalidate(cached);
            }
            if (request.NoCache)
                output.Write(BuildText.Indent + "noCache: building a fresh environment");

            var envDir = cache.NewEntry(key);
            await Ownership.GiveAsync(envDir, isolation.Uid, ct);
            var all = new List<string>();
            var started = runner.Clock.GetTimestamp();
            var result = await Build(envDir, all, output, ct);
            if (!result.Ok)
            {
                EnvCache.Discard(envDir);
                return (result with { Lines = all, Duration = runner.Clock.GetElapsedTime(started) }, null);
            }
            // Finished: the server's from now on, read-only to every app that reuses it (and to this build's steps).
            await Ownership.TakeAsync(envDir, isolation.Uid, ct);
            cache.Complete(envDir);
            return (new StepResult(0, all, runner.Clock.GetElapsedTime(started), false), envDir);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<StepResult> Build(string envDir, List<string> all, IBuildOutput output, CancellationToken ct)
    {
        var view = isolation.Install(envDir);
        var r = await runner.RunAsync(Script("environment"), [envDir], appDir, env, statusLinesOnly: false, ct, view);
        all.AddRange(r.Lines);
        if (!r.Ok)
            return r;

        var manifestsDir = Path.Combine(request.WorkDir, "install");
        Directory.CreateDirectory(manifestsDir);
        foreach (var rel in RequiredPaths)
            CopyIn(rel, manifestsDir);
        // The install steps' working directory: npm writes node_modules (and a lockfile) beside package.json.
        await Ownership.GiveAsync(manifestsDir, isolation.Uid, ct);

        var stepEnv = Activate(env, envDir, request, config, declared);
        var usedDefault = false;
        foreach (var step in Steps)
        {
            switch (step)
            {
                case BuildStep.UseDefault:
                    usedDefault = true;
                    stepEnv["GITDEPLOY_EXTRA_PACKAGES"] = extraPackages ?? "";
                    r = await runner.RunAsync(
                        Script("install"),
                        [manifestsDir],
                        manifestsDir,
                        stepEnv,
                        statusLinesOnly: false,
                        ct,
                        view
                    );
                    break;
                case BuildStep.Shell shell:
                    output.Write(BuildText.Indent + "$ " + shell.Command);
                    string[] bash = ["-eo", "pipefail", "-c", shell.Command];
                    r = await runner.RunAsync(
                        "/bin/bash",
                        bash,
                        manifestsDir,
                        stepEnv,
                        statusLinesOnly: false,
                        ct,
                        view
                    );
                    break;
                default:
                    continue;
            }
            all.AddRange(r.Lines);
            if (!r.Ok)
                return r;
        }
        if (!usedDefault && !string.IsNullOrEmpty(extraPackages))
        {
            // Custom install steps without {use: default}: still add what the default start needs.
            var empty = Path.Combine(request.WorkDir, "server-packages");
            Directory.CreateDirectory(empty);
            stepEnv["GITDEPLOY_EXTRA_PACKAGES"] = extraPackages;
            r = await runner.RunAsync(Script("install"), [empty], empty, stepEnv, statusLinesOnly: false, ct, view);
            all.AddRange(r.Lines);
            if (!r.Ok)
                return r;
        }
        // Optional: the buildpack's last word on a finished environment (Python byte-compiles it once).
        if (buildpack.Has("compile"))
        {
            r = await runner.RunAsync(
                Script("compile"),
                [envDir],
                manifestsDir,
                stepEnv,
                statusLinesOnly: false,
                ct,
                view
            );
            all.AddRange(r.Lines);
            if (!r.Ok)
                return r;
        }
        return new StepResult(0, all, TimeSpan.Zero, false);
    }

    /// <summary>How the cached environment's interpreter is run for its check: in this build's sandbox.</summary>
    private EnvCheck.CommandLine CheckCommand(string envDir) =>
        (file, args) =>
            [
                "setsid",
                .. isolation.Sandbox.Command(isolation.Check(envDir), isolation.Cgroup, request.WorkDir, file, args),
            ];

    private string Script(string name) => buildpack.Script(name);

    private void CopyIn(string rel, string target)
    {
        var from = Path.Combine(appDir, rel);
        var to = Path.Combine(target, rel);
        if (File.Exists(from))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to, overwrite: true);
        }
        else if (Directory.Exists(from))
        {
            foreach (var f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
                CopyIn(Path.GetRelativePath(appDir, f), target);
        }
    }

    /// <summary>The environment of install and build commands: the buildpack's PATH prefix and variables.</summary>
    public static Dictionary<string, string?> Activate(
        Dictionary<string, string?> env,
        string envDir,
        BuildRequest request,
        LeanEngineConfig config,
        BuildpackDeclarations declared
    )
    {
        var result = new Dictionary<string, string?>(env);
        foreach (var (k, v) in declared.StepVariables(envDir))
            result[k] = v;
        result["PATH"] = declared.StepPath(envDir, Environment.GetEnvironmentVariable("PATH"));
        // The app's user has no home on the host: its build gets one in its scratch space.
        result["HOME"] = BuildIsolation.Home(request);
        result["TMPDIR"] = BuildIsolation.Tmp(request);
        if (config.ExposeEnvironmentsOnBuild)
            foreach (var (k, v) in request.AppEnvironment)
                result[k] = v;
        return result;
    }
}

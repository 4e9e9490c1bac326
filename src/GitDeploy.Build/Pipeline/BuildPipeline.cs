using GitDeploy.Build.Cache;
using GitDeploy.Build.LeanEngine;
using GitDeploy.Build.SystemPackages;
using GitDeploy.Isolation;

namespace GitDeploy.Build.Pipeline;

/// <summary>
/// The generic stage runner: system dependencies → detect → runtime → install → build, each a
/// buildpack script or the app's own leanengine.yaml steps, each with a header, its duration and
/// its exit status. A failed stage stops the build and its full log is shown. Knows no language:
/// the buildpack does.
/// </summary>
public sealed class BuildPipeline(BuildOptions options, EnvCache cache, BuildSlots slots, Sandbox sandbox, TimeProvider clock)
{
    public async Task<BuildResult> RunAsync(BuildRequest request, IBuildOutput output, CancellationToken ct)
    {
        using var slot = await slots.AcquireAsync(output, ct);
        var pipCache = Environment.GetEnvironmentVariable("PIP_CACHE_DIR") is null ? PipCacheOf(request.App) : null;
        if (pipCache is not null) Directory.CreateDirectory(pipCache);
        Directory.CreateDirectory(BuildIsolation.Home(request));
        Directory.CreateDirectory(BuildIsolation.Tmp(request));
        // The app's user writes its source, its scratch space and its pip cache; the rest it cannot see.
        foreach (var dir in new[] { request.SourceDir, request.WorkDir, pipCache })
            if (dir is not null) await Ownership.GiveAsync(dir, request.Uid, ct);
        var isolation = new BuildIsolation(sandbox, request, options.BuildpacksRoot, pipCache);
        try
        {
            return await RunIsolatedAsync(request, isolation, pipCache, output, ct);
        }
        finally
        {
            // The release is sealed from this tree: its files go back to the server, out of the app user's reach.
            await Ownership.TakeAsync(request.SourceDir, request.Uid, CancellationToken.None);
            if (isolation.Cgroup is not null) await isolation.Cgroup.RemoveAsync();
        }
    }

    private async Task<BuildResult> RunIsolatedAsync(
        BuildRequest request, BuildIsolation isolation, string? pipCache, IBuildOutput output, CancellationToken ct)
    {
        var runner = new StepRunner(output, options.StepTimeout, request.PrintBuildLogs, options.Owner, isolation, clock);
        var stages = new Stages(output, request.PrintBuildLogs);

        var (config, configError) = SourceConfig.Read(request.SourceDir, request.WorkDir, output);
        if (config is null) return BuildResult.Fail(configError!);
        var appDir = request.SourceDir;

        var env = StepRunner.InheritedEnvironment();
        var outFile = Path.Combine(request.WorkDir, "buildpack.out");
        env["GITDEPLOY_OUTPUT"] = outFile;
        env["LEANENGINE_RUN"] = config.Run ?? "";
        if (pipCache is not null) env["PIP_CACHE_DIR"] = pipCache; // kept across this app's builds, noCache ones too

        if (config.SystemDependencies.Count > 0)
        {
            var system = new SystemDependencies(options.SystemPackages, runner);
            var sys = await stages.Run("Installing system dependencies", () => system.RunAsync(config.SystemDependencies, output, ct));
            if (!sys.Ok) return BuildResult.Fail("system dependencies: " + Stages.LastError(sys));
        }

        // detect
        string? buildpack = null;
        var detect = await stages.Run("Detecting app", async () =>
        {
            var reasons = new List<string>();
            foreach (var dir in Directory.EnumerateDirectories(options.BuildpacksRoot).Order())
            {
                if (config.Runtime is not null && Path.GetFileName(dir) != config.Runtime) continue;
                var r = await runner.RunAsync(Script(dir, "detect"), [appDir], appDir, env, statusLinesOnly: true, ct);
                if (r.ExitCode == 0) { buildpack = dir; return r; }
                if (r.ExitCode != 100) return r;
                reasons.AddRange(r.Lines);
            }
            return new StepResult(100, reasons, TimeSpan.Zero, false);
        }, replay: false);
        if (!detect.Ok || buildpack is null)
            return BuildResult.Fail("no buildpack detected this app (what was looked for is above)");

        // runtime
        var runtime = await stages.Run("Resolving runtime version", () =>
            runner.RunAsync(Script(buildpack, "runtime"), [appDir], appDir, env, statusLinesOnly: true, ct),
            replay: false);
        if (!runtime.Ok) return BuildResult.Fail("could not resolve the runtime version: " + Stages.LastError(runtime));
        var results = ReadOutput(outFile);
        var version = results.GetValueOrDefault("PYTHON_VERSION", "");
        foreach (var (k, v) in results) env[k] = v;

        // the default start, or run:
        string? extraPackages = null;
        var startCommand = config.Run;
        if (startCommand is null)
        {
            var release = await runner.RunAsync(Script(buildpack, "release"), [], appDir, env, statusLinesOnly: false, ct);
            if (!release.Ok || release.Lines.Count < 2) return stages.Fail("Preparing the default start", "the buildpack's release script failed");
            extraPackages = release.Lines[0].Trim();
            startCommand = release.Lines[1].Trim();
        }

        // install
        var install = new InstallStage(
            cache, runner, isolation, request, config, buildpack, appDir, env, extraPackages, version);
        string? envDir = null;
        var installed = await stages.Run("Installing dependencies", async () =>
        {
            var (result, dir) = await install.RunAsync(output, ct);
            envDir = dir;
            return result;
        });
        if (!installed.Ok || envDir is null) return BuildResult.Fail("installing dependencies failed: " + Stages.LastError(installed));

        // build
        if (config.Build.Count > 0 && !request.EnvironmentOnly)
        {
            var buildEnv = InstallStage.Activate(env, envDir, request, config);
            var built = await stages.Run("Running build steps", async () =>
            {
                var all = new List<string>();
                var sw = System.Diagnostics.Stopwatch.StartNew();
                foreach (var step in config.Build)
                {
                    if (step is not BuildStep.Shell shell) continue; // the whole tree is present; no default build
                    output.Write(BuildText.Indent + "$ " + shell.Command);
                    string[] bash = ["-eo", "pipefail", "-c", shell.Command];
                    var r = await runner.RunAsync("/bin/bash", bash, appDir, buildEnv,
                        statusLinesOnly: false, ct, isolation.Build(envDir));
                    all.AddRange(r.Lines);
                    if (!r.Ok) return r with { Lines = all, Duration = sw.Elapsed };
                }
                return new StepResult(0, all, sw.Elapsed, false);
            });
            if (!built.Ok) return BuildResult.Fail("a build step failed: " + Stages.LastError(built));
        }

        return new BuildResult(new ReleaseManifest
        {
            Buildpack = Path.GetFileName(buildpack),
            RuntimeVersion = version,
            EnvDir = envDir,
            AppDir = ".", // buildRoot has become the source root
            StartCommand = startCommand,
            StartupTimeout = config.StartupTimeout,
            FunctionsMode = config.FunctionsMode,
            HealthCheckPath = config.HealthCheckPath,
        }, null);
    }

    private string? PipCacheOf(string app) => options.PipCacheRoot is null ? null : Path.Combine(options.PipCacheRoot, app);

    /// <summary>Deletes what the builds of a destroyed app kept (its pip cache).</summary>
    public void ForgetApp(string app)
    {
        if (PipCacheOf(app) is { } dir && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    private static string Script(string buildpack, string name) => Path.Combine(buildpack, "bin", name);

    private static Dictionary<string, string> ReadOutput(string file)
    {
        var d = new Dictionary<string, string>();
        if (!File.Exists(file)) return d;
        foreach (var line in File.ReadAllLines(file))
        {
            var i = line.IndexOf('=');
            if (i > 0) d[line[..i]] = line[(i + 1)..];
        }
        return d;
    }
}

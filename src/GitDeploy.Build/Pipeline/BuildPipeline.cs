using GitDeploy.Build.Cache;
using GitDeploy.Build.LeanEngine;
using GitDeploy.Build.SystemPackages;
using GitDeploy.Isolation;

namespace GitDeploy.Build.Pipeline;

/// <summary>
/// The generic stage runner: system dependencies → detect → runtime → install → build, each a
/// buildpack script or the app's own leanengine.yaml steps, each with a header, its duration and
/// its exit status. A failed stage stops the build and its full log is shown. Knows no language:
/// the buildpack's scripts declare what it needs (<see cref="BuildpackDeclarations"/>).
/// </summary>
public sealed class BuildPipeline(
    BuildOptions options,
    EnvCache cache,
    BuildSlots slots,
    Sandbox sandbox,
    TimeProvider clock
)
{
    public async Task<BuildResult> RunAsync(BuildRequest request, IBuildOutput output, CancellationToken ct)
    {
        using var slot = await slots.AcquireAsync(output, ct);
        Directory.CreateDirectory(BuildIsolation.Home(request));
        Directory.CreateDirectory(BuildIsolation.Tmp(request));
        // The app's user writes its source and its scratch space (and its caches); the rest it cannot see.
        foreach (var dir in new[] { request.SourceDir, request.WorkDir })
            await Ownership.GiveAsync(dir, request.Uid, ct);
        var isolation = new BuildIsolation(sandbox, request, options.BuildpacksRoot);
        try
        {
            return await RunIsolatedAsync(request, isolation, output, ct);
        }
        finally
        {
            // The release is sealed from this tree: its files go back to the server, out of the app user's reach.
            await Ownership.TakeAsync(request.SourceDir, request.Uid, CancellationToken.None);
            if (isolation.Cgroup is not null)
                await isolation.Cgroup.RemoveAsync();
        }
    }

    private async Task<BuildResult> RunIsolatedAsync(
        BuildRequest request,
        BuildIsolation isolation,
        IBuildOutput output,
        CancellationToken ct
    )
    {
        var runner = new StepRunner(
            output,
            options.StepTimeout,
            request.PrintBuildLogs,
            options.Owner,
            isolation,
            clock
        );
        var stages = new Stages(output, request.PrintBuildLogs, clock);
        var buildpacks = Buildpack.All(options.BuildpacksRoot);

        var reads = buildpacks.SelectMany(b => b.Reads()).ToList();
        var (config, configError) = SourceConfig.Read(request.SourceDir, request.WorkDir, output, reads);
        if (config is null)
            return BuildResult.Fail(configError!);
        var appDir = request.SourceDir;

        var env = StepRunner.InheritedEnvironment();
        var declared = new BuildpackOutput(Path.Combine(request.WorkDir, "buildpack.out"));
        env[BuildpackOutput.Variable] = declared.File;
        env["LEANENGINE_RUN"] = config.Run ?? "";

        if (config.SystemDependencies.Count > 0)
        {
            var system = new SystemDependencies(options.SystemPackages, runner);
            var sys = await stages.Run(
                "Installing system dependencies",
                () => system.RunAsync(config.SystemDependencies, output, ct)
            );
            if (!sys.Ok)
                return BuildResult.Fail("system dependencies: " + Stages.LastError(sys));
        }

        Buildpack? buildpack = null;
        var detect = await stages.Run(
            "Detecting app",
            async () =>
            {
                var (found, result) = await DetectAsync(
                    buildpacks,
                    config,
                    request,
                    isolation,
                    appDir,
                    env,
                    output,
                    ct
                );
                buildpack = found;
                return result;
            },
            replay: false
        );
        if (!detect.Ok || buildpack is null)
            return BuildResult.Fail("no buildpack detected this app (what was looked for is above)");

        // runtime, then release: what the buildpack declares (the version, the install's inputs, the
        // default start, the run environment)
        declared.Clear();
        var runtime = await stages.Run(
            "Resolving runtime version",
            () => runner.RunAsync(buildpack.Script("runtime"), [appDir], appDir, env, statusLinesOnly: true, ct),
            replay: false
        );
        if (!runtime.Ok)
            return BuildResult.Fail("could not resolve the runtime version: " + Stages.LastError(runtime));
        var keys = declared.Read();
        foreach (var (k, v) in keys.Where(kv => !kv.Key.StartsWith("GITDEPLOY_", StringComparison.Ordinal)))
            env[k] = v;
        declared.Clear();
        var release = await runner.RunAsync(
            buildpack.Script("release"),
            [appDir],
            appDir,
            env,
            statusLinesOnly: false,
            ct
        );
        if (!release.Ok)
            return stages.Fail("Preparing the default start", "the buildpack's release script failed");
        foreach (var (k, v) in declared.Read())
            keys[k] = v;
        var (decl, declError) = BuildpackDeclarations.Parse(keys);
        if (decl is null)
            return stages.Fail("Reading the buildpack's declarations", declError!);
        foreach (var (k, v) in decl.Variables)
            env[k] = v;
        var startCommand = config.Run ?? decl.StartCommand;
        if (startCommand is null)
            return stages.Fail(
                "Preparing the default start",
                "the buildpack declared no default start (GITDEPLOY_START); give one with run: in leanengine.yaml"
            );
        isolation.Use(await CachesAsync(decl, request, env, ct), decl.ServerSettings);

        // install
        var extraPackages = config.Run is null ? decl.ExtraPackages : null;
        var install = new InstallStage(
            cache,
            runner,
            isolation,
            request,
            config,
            buildpack,
            decl,
            appDir,
            env,
            extraPackages
        );
        string? envDir = null;
        var installed = await stages.Run(
            "Installing dependencies",
            async () =>
            {
                var (result, dir) = await install.RunAsync(output, ct);
                envDir = dir;
                return result;
            }
        );
        if (!installed.Ok || envDir is null)
            return BuildResult.Fail("installing dependencies failed: " + Stages.LastError(installed));

        // build
        if (config.Build.Count > 0 && !request.EnvironmentOnly)
        {
            var built = await stages.Run(
                "Running build steps",
                () => BuildStepsAsync(config, decl, request, isolation, runner, env, envDir, output, ct)
            );
            if (!built.Ok)
                return BuildResult.Fail("a build step failed: " + Stages.LastError(built));
        }

        return new BuildResult(
            new ReleaseManifest
            {
                Buildpack = buildpack.Name,
                RuntimeVersion = decl.RuntimeVersion,
                EnvDir = envDir,
                AppDir = ".", // buildRoot has become the source root
                StartCommand = startCommand,
                StartupTimeout = config.StartupTimeout,
                FunctionsMode = config.FunctionsMode,
                HealthCheckPath = config.HealthCheckPath,
                Run = decl.Run,
            },
            null
        );
    }

    /// <summary>
    /// Runs the detect scripts in order (only <c>runtime:</c>'s when set). The matching one's lines
    /// are shown; when none matches, every script's (each says what it looked for).
    /// </summary>
    private async Task<(Buildpack? Found, StepResult Result)> DetectAsync(
        IReadOnlyList<Buildpack> buildpacks,
        LeanEngineConfig config,
        BuildRequest request,
        BuildIsolation isolation,
        string appDir,
        Dictionary<string, string?> env,
        IBuildOutput output,
        CancellationToken ct
    )
    {
        var reasons = new List<string>();
        var held = new CollectedOutput();
        foreach (var buildpack in buildpacks.Where(b => config.Runtime is null || b.Name == config.Runtime))
        {
            var mine = new CollectedOutput();
            var r = await new StepRunner(
                mine,
                options.StepTimeout,
                request.PrintBuildLogs,
                options.Owner,
                isolation
            ).RunAsync(buildpack.Script("detect"), [appDir], appDir, env, statusLinesOnly: true, ct);
            if (r.ExitCode != 100)
            {
                mine.ReplayTo(output);
                return (r.Ok ? buildpack : null, r);
            }
            mine.ReplayTo(held);
            reasons.AddRange(r.Lines);
        }
        held.ReplayTo(output);
        return (null, new StepResult(100, reasons, TimeSpan.Zero, false));
    }

    /// <summary>The per-app cache the buildpack keeps (pip's, npm's), given to the build in its variable.</summary>
    private async Task<IReadOnlyList<string>> CachesAsync(
        BuildpackDeclarations decl,
        BuildRequest request,
        Dictionary<string, string?> env,
        CancellationToken ct
    )
    {
        if (decl.Cache is not { } c || CacheOf(c.Name, request.App) is not { } dir)
            return [];
        Directory.CreateDirectory(dir);
        await Ownership.GiveAsync(dir, request.Uid, ct);
        env[c.Variable] = dir; // kept across this app's builds, noCache ones too
        return [dir];
    }

    /// <summary>leanengine.yaml's build: steps, in the source, with the environment's links in place.</summary>
    private static async Task<StepResult> BuildStepsAsync(
        LeanEngineConfig config,
        BuildpackDeclarations decl,
        BuildRequest request,
        BuildIsolation isolation,
        StepRunner runner,
        Dictionary<string, string?> env,
        string envDir,
        IBuildOutput output,
        CancellationToken ct
    )
    {
        var appDir = request.SourceDir;
        var buildEnv = InstallStage.Activate(env, envDir, request, config, decl);
        var links = decl.Links.ToDictionary(n => n, n => Path.Combine(envDir, n));
        foreach (var name in DependencyLinks.Make(appDir, links))
            output.Write(BuildText.Error($"warning: the repository's {name} is replaced by the installed one"));
        try
        {
            var all = new List<string>();
            var started = runner.Clock.GetTimestamp();
            foreach (var step in config.Build)
            {
                if (step is not BuildStep.Shell shell)
                    continue; // the whole tree is present; no default build
                output.Write(BuildText.Indent + "$ " + shell.Command);
                string[] bash = ["-eo", "pipefail", "-c", shell.Command];
                var r = await runner.RunAsync(
                    "/bin/bash",
                    bash,
                    appDir,
                    buildEnv,
                    statusLinesOnly: false,
                    ct,
                    isolation.Build(envDir)
                );
                all.AddRange(r.Lines);
                if (!r.Ok)
                    return r with { Lines = all, Duration = runner.Clock.GetElapsedTime(started) };
            }
            return new StepResult(0, all, runner.Clock.GetElapsedTime(started), false);
        }
        finally
        {
            // The artifact holds no pointer out of itself: each instance links its own copy again.
            DependencyLinks.Unmake(appDir, decl.Links);
        }
    }

    private string? CacheOf(string name, string app) =>
        options.CacheRoot is null ? null : Path.Combine(options.CacheRoot, name, app);

    /// <summary>Deletes what the builds of a destroyed app kept (its pip or npm cache).</summary>
    public void ForgetApp(string app)
    {
        if (options.CacheRoot is not { } root || !Directory.Exists(root))
            return;
        foreach (var kind in Directory.EnumerateDirectories(root))
            if (Directory.Exists(Path.Combine(kind, app)))
                Directory.Delete(Path.Combine(kind, app), recursive: true);
    }
}

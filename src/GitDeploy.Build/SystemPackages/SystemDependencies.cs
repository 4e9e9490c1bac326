using CliWrap;
using CliWrap.Buffered;
using GitDeploy.Build.Pipeline;

namespace GitDeploy.Build.SystemPackages;

/// <summary>
/// The systemDependencies stage: each Cloud Engine name becomes its Debian packages; packages
/// dpkg says are installed are used as they are; missing ones are installed with apt-get when the
/// server allows it, else the build fails naming them and how to allow it.
/// </summary>
internal sealed class SystemDependencies(SystemPackagesOptions options, StepRunner runner)
{
    // dpkg takes one lock for the whole machine: one apt-get at a time, whatever the app.
    private static readonly SemaphoreSlim Apt = new(1, 1);

    public async Task<StepResult> RunAsync(IReadOnlyList<string> names, IBuildOutput output, CancellationToken ct)
    {
        var lines = new List<string>();
        var started = runner.Clock.GetTimestamp();
        StepResult Done(bool ok) => new(ok ? 0 : 1, lines, runner.Clock.GetElapsedTime(started), false);
        void Say(string line)
        {
            lines.Add(line);
            output.Write(line);
        }

        var wanted = names.Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in wanted.Where(SystemPackagesOptions.Discontinued.ContainsKey))
            Say(BuildText.Error($"systemDependencies: '{name}': {SystemPackagesOptions.Discontinued[name]}"));
        var unknown = wanted
            .Where(n => !options.Names.ContainsKey(n) && !SystemPackagesOptions.Discontinued.ContainsKey(n))
            .ToList();
        if (unknown.Count > 0)
            Say(
                BuildText.Error(
                    $"systemDependencies: unknown {(unknown.Count == 1 ? "name" : "names")} "
                        + $"{string.Join(", ", unknown.Select(u => $"'{u}'"))}; "
                        + $"supported: {string.Join(", ", options.Names.Keys.Order(StringComparer.Ordinal))}"
                )
            );
        if (lines.Count > 0)
            return Done(false);

        var packages = wanted.SelectMany(n => options.Names[n]).Distinct(StringComparer.Ordinal).ToList();
        var installed = await InstalledAsync(packages, ct);
        if (installed is null)
        {
            Say(
                BuildText.Error(
                    $"systemDependencies need dpkg ({options.DpkgQuery}), which "
                        + "this server does not have; install the packages by hand "
                        + "and remove the key"
                )
            );
            return Done(false);
        }
        foreach (var name in wanted)
            Say(
                BuildText.Indent
                    + name
                    + ": "
                    + string.Join(
                        ", ",
                        options.Names[name].Select(p => installed.Contains(p) ? p + " (installed)" : p + " (missing)")
                    )
            );
        var missing = packages.Where(p => !installed.Contains(p)).ToList();
        if (missing.Count == 0)
            return Done(true);

        var list = string.Join(" ", missing);
        if (!options.AllowInstall)
        {
            Say(BuildText.Error($"systemDependencies: Debian packages missing on this server: {list}."));
            Say(
                BuildText.Error(
                    "Ask the server's administrator to install them (apt-get "
                        + $"install -y {list}) or to start the server with `gitdeploy "
                        + "serve --allow-system-packages`."
                )
            );
            return Done(false);
        }

        string[] install = ["install", "-y", "--no-install-recommends", .. missing];
        await Apt.WaitAsync(ct);
        try
        {
            var r = await AptGetAsync(install, output, ct);
            lines.AddRange(r.Lines);
            if (!r.Ok && !r.TimedOut)
            {
                // Package lists may be stale or absent (fresh images have none): refresh once and retry.
                lines.AddRange((await AptGetAsync(["update"], output, ct)).Lines);
                r = await AptGetAsync(install, output, ct);
                lines.AddRange(r.Lines);
            }
        }
        finally
        {
            Apt.Release();
        }
        var now = await InstalledAsync(missing, ct) ?? [];
        var still = missing.Where(p => !now.Contains(p)).ToList();
        if (still.Count > 0)
        {
            Say(
                BuildText.Error(
                    $"systemDependencies: apt-get did not install {string.Join(" ", still)} (its output is above)"
                )
            );
            return Done(false);
        }
        Say(BuildText.Indent + "installed " + list);
        return Done(true);
    }

    private Task<StepResult> AptGetAsync(string[] args, IBuildOutput output, CancellationToken ct)
    {
        output.Write(BuildText.Indent + "$ apt-get " + string.Join(" ", args));
        var env = StepRunner.InheritedEnvironment();
        env["DEBIAN_FRONTEND"] = "noninteractive";
        return runner.RunAsync(options.AptGet, args, "/", env, statusLinesOnly: false, ct);
    }

    /// <summary>The packages dpkg has installed among <paramref name="packages"/>; null without dpkg.</summary>
    private async Task<HashSet<string>?> InstalledAsync(IReadOnlyList<string> packages, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(options.QueryTimeout);
        BufferedCommandResult r;
        try
        {
            r = await Cli.Wrap(options.DpkgQuery)
                .WithArguments(["-W", "-f=${Package} ${db:Status-Abbrev}\n", .. packages])
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cts.Token);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        // "NAME ii " is installed; "un"/"rc" are known but absent; unknown names go to stderr.
        return r
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 2))
            .Where(p => p.Length == 2 && p[1].StartsWith("ii", StringComparison.Ordinal))
            .Select(p => p[0])
            .ToHashSet(StringComparer.Ordinal);
    }
}

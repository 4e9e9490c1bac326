using GitDeploy.Build.SystemPackages;

namespace GitDeploy.Build.Pipeline;

/// <summary>How the server builds; defaults are Cloud Engine's limits where it has them.</summary>
public sealed class BuildOptions
{
    public string BuildpacksRoot { get; set; } = Path.Combine(AppContext.BaseDirectory, "buildpacks");
    public string EnvsRoot { get; set; } = "envs";
    /// <summary>
    /// The caches a buildpack's tool keeps per app across builds (pip's, npm's): <c>CacheRoot/NAME/APP</c>,
    /// NAME the buildpack's (GITDEPLOY_CACHE), unless the server's environment names the tool's own.
    /// </summary>
    public string? CacheRoot { get; set; }
    /// <summary>A build step running longer is killed with its process group (Cloud Engine allows a build 30
    /// minutes).</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>Builds of different apps that may run at once; the others wait for a slot and say so.</summary>
    public int ParallelBuilds { get; set; } = DefaultParallelBuilds;
    /// <summary>Marks build processes so the next start of a server killed with -9 can find and stop them (the data
    /// directory).</summary>
    public string? Owner { get; set; }
    public SystemPackagesOptions SystemPackages { get; set; } = new();

    /// <summary>Cloud Engine builds with 2 cores; more parallel builds than cores only make each slower.</summary>
    public static int DefaultParallelBuilds => Math.Clamp(Environment.ProcessorCount, 1, 2);
}

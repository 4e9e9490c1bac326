using GitDeploy.Build.Cache;
using GitDeploy.Build.Pipeline;
using GitDeploy.Build.Processes;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Build;

public static class BuildServiceCollectionExtensions
{
    public static IServiceCollection AddBuildPipeline(this IServiceCollection services, BuildOptions options)
    {
        // Build steps a server killed with -9 left running go first: one could still be writing into an environment.
        if (options.Owner is not null) BuildProcesses.KillOrphans(options.Owner);
        var cache = new EnvCache(options.EnvsRoot);
        cache.SweepIncomplete();
        services.AddSingleton(options);
        services.AddSingleton(cache);
        services.AddSingleton<BuildSlots>();
        services.AddSingleton<BuildPipeline>();
        return services;
    }
}

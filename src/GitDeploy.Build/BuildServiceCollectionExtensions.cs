using GitDeploy.Build.Cache;
using GitDeploy.Build.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Build;

public static class BuildServiceCollectionExtensions
{
    public static IServiceCollection AddBuildPipeline(this IServiceCollection services, BuildOptions options)
    {
        var cache = new EnvCache(options.EnvsRoot);
        cache.SweepIncomplete();
        services.AddSingleton(options);
        services.AddSingleton(cache);
        services.AddSingleton<BuildPipeline>();
        return services;
    }
}

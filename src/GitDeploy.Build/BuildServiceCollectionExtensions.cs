using GitDeploy.Build.Cache;
using GitDeploy.Build.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Build;

public static class BuildServiceCollectionExtensions
{
    public static IServiceCollection AddBuildPipeline(this IServiceCollection services, BuildOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(new EnvCache(options.EnvsRoot));
        services.AddHostedService<BuildStartup>();
        services.AddSingleton<BuildSlots>();
        services.AddSingleton<BuildPipeline>();
        return services;
    }
}

using GitDeploy.Build.Cache;
using GitDeploy.Build.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Build;

public static class BuildServiceCollectionExtensions
{
    public static IServiceCollection AddBuildPipeline(this IServiceCollection services, BuildOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(sp => new EnvCache(options.EnvsRoot, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<BuildStartup>();
        services.AddSingleton<BuildSlots>();
        services.AddSingleton<BuildPipeline>();
        return services;
    }
}

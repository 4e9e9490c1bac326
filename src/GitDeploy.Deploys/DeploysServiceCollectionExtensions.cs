using GitDeploy.Deploys.Hooks;
using GitDeploy.Deploys.Queue;
using GitDeploy.Deploys.Releases;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Deploys;

public static class DeploysServiceCollectionExtensions
{
    public static IServiceCollection AddDeploys(this IServiceCollection services, PlatformOptions platform)
    {
        services.AddSingleton(platform);
        services.AddSingleton(new ReleaseFiles(platform.ReleasesDir));
        services.AddSingleton(new GitDeploy.Isolation.PersistentVolumes(Path.Combine(platform.DataDir, "persistent")));
        services.AddSingleton<PersistentStorage>();
        services.AddSingleton<PlatformUrl>();
        services.AddSingleton<ReleaseEnvironments>();
        services.AddSingleton<ReleaseStarter>();
        services.AddSingleton<ReleaseActivation>();
        services.AddSingleton<HookTokens>();
        services.AddSingleton<PushDeploys>();
        services.AddSingleton<DeployService>();
        services.AddSingleton<BranchMap>();
        services.AddSingleton<Retention>();
        services.AddSingleton<ReleaseOperations>();
        services.AddHostedService<DeploysLifetime>();
        return services;
    }
}

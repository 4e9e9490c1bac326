using Docker.DotNet;
using GitDeploy.Runtime.Supervisor;
using GitDeploy.Runtime.Targets;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Swarm;

public static class SwarmServiceCollectionExtensions
{
    /// <summary>The swarm target, when the server was given a manager (<c>--swarm-host</c>); nothing
    /// otherwise.</summary>
    public static IServiceCollection AddSwarmTarget(this IServiceCollection services, SwarmOptions options)
    {
        return options.Host is null ? services : Register(services, options);
    }

    // Apart, so that a server without a swarm never loads Docker.DotNet (the JIT loads what a method names).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static IServiceCollection Register(IServiceCollection services, SwarmOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(_ => new DockerClientBuilder().WithEndpoint(new Uri(options.Host)).Build());
        services.AddSingleton(_ => new RegistryClient(
            new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMinutes(10) },
            RegistryAddress.Parse(options.Registry)!));
        services.AddSingleton(_ => new LayerCache(Path.Combine(options.StateDir, "layers")));
        services.AddSingleton<ReleaseImages>();
        // Its own client: a probe's connection is closed at once, so a draining task sees none left open.
        services.AddSingleton(sp => new SwarmChecks(
            new StartupCheck(new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime
                = TimeSpan.Zero }),
                sp.GetRequiredService<TimeProvider>()),
            options, sp.GetRequiredService<SupervisorOptions>()));
        services.AddSingleton<SwarmTarget>();
        services.AddSingleton<IReleaseTarget>(sp => sp.GetRequiredService<SwarmTarget>());
        services.AddHostedService<SwarmLifetime>();
        return services;
    }
}

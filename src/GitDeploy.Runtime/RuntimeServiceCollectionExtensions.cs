using GitDeploy.Runtime.Logs;
using GitDeploy.Runtime.Router;
using GitDeploy.Runtime.Supervisor;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GitDeploy.Runtime;

public static class RuntimeServiceCollectionExtensions
{
    public static IServiceCollection AddSupervisor(
        this IServiceCollection services,
        SupervisorOptions options,
        string logsRoot
    )
    {
        services.AddSingleton(options);
        services.AddSingleton(sp => new AppLogs(logsRoot, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new StartupCheck(
            new HttpClient(
                new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) }
            ),
            sp.GetRequiredService<TimeProvider>()
        ));
        services.AddSingleton<Supervisor.Supervisor>();
        services.AddSingleton<Targets.IReleaseTarget>(sp => sp.GetRequiredService<Supervisor.Supervisor>());
        services.AddSingleton<Targets.ReleaseTargets>();
        services.AddHostedService<SupervisorLifetime>();
        return services;
    }

    public static IServiceCollection AddRouter(this IServiceCollection services, Action<RouterOptions> configure)
    {
        services.Configure(configure);
        services.AddSingleton<RouteTable>();
        services.AddSingleton<DomainTable>();
        services.AddSingleton<HostRouter>();
        services.AddHostedService<RouterStartup>();
        services.AddSingleton(sp => new Metrics.RequestMetrics(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<RouterOptions>>().Value.RequestMetrics
        ));
        services.AddHttpForwarder();
        services.AddResponseCompression(o =>
        {
            // Apps behind Cloud Engine's load balancer get compression without doing it themselves.
            o.EnableForHttps = true;
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            o.MimeTypes = Microsoft.AspNetCore.ResponseCompression.ResponseCompressionDefaults.MimeTypes.Concat([
                "image/svg+xml",
            ]);
        });
        services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o =>
            o.Level = System.IO.Compression.CompressionLevel.Fastest
        );
        services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o =>
            o.Level = System.IO.Compression.CompressionLevel.Fastest
        );
        return services;
    }

    /// <summary>Header limits, compression, then the router; everything after it is the platform.</summary>
    public static IApplicationBuilder UseAppRouter(this IApplicationBuilder app) =>
        app.UseMiddleware<HeaderLimits>()
            .UseResponseCompression()
            .UseMiddleware<GitDeploy.Runtime.Router.RouterMiddleware>();
}

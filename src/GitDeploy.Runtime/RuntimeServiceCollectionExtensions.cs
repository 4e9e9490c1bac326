using GitDeploy.Runtime.Logs;
using GitDeploy.Runtime.Router;
using GitDeploy.Runtime.Supervisor;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Runtime;

public static class RuntimeServiceCollectionExtensions
{
    public static IServiceCollection AddSupervisor(this IServiceCollection services, SupervisorOptions options, string logsRoot)
    {
        services.AddSingleton(options);
        services.AddSingleton(sp => new AppLogs(logsRoot, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new StartupCheck(new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) }), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Supervisor.Supervisor>();
        return services;
    }

    public static IServiceCollection AddRouter(this IServiceCollection services, Action<RouterOptions> configure)
    {
        services.Configure(configure);
        services.AddSingleton<RouteTable>();
        services.AddHttpForwarder();
        return services;
    }

    public static IApplicationBuilder UseAppRouter(this IApplicationBuilder app) => app.UseMiddleware<GitDeploy.Runtime.Router.RouterMiddleware>();
}

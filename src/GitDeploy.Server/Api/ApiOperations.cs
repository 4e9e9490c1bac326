using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Server.Api;

/// <summary>The operations the API's endpoints and the dashboard's forms share.</summary>
public static class ApiOperations
{
    public static IServiceCollection AddTo(IServiceCollection services) => services
        .AddSingleton<ConfigChanges>()
        .AddSingleton<Scaling>()
        .AddSingleton<ReleasePins>()
        .AddSingleton<BuildLogs>();
}

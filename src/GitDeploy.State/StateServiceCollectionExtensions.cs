using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.State;

public static class StateServiceCollectionExtensions
{
    public static IServiceCollection AddState(this IServiceCollection services, string databasePath)
    {
        var db = new Database(databasePath);
        db.Migrate();
        services.AddSingleton(db);
        services.AddSingleton<SettingsStore>();
        services.AddSingleton<AppStore>();
        services.AddSingleton<DeployStore>();
        services.AddSingleton<ReleaseStore>();
        services.AddSingleton<EnvironmentStore>();
        services.AddSingleton<InstanceStore>();
        services.AddSingleton<ConfigStore>();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<HistoryStore>();
        services.AddSingleton<DomainStore>();
        services.AddSingleton<SourceStore>();
        services.AddSingleton<WebhookDeliveryStore>();
        return services;
    }
}

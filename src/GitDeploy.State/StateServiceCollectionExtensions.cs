using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.State;

public static class StateServiceCollectionExtensions
{
    /// <summary>The database (created and migrated at start); its secrets are sealed with <paramref
    /// name="box"/>.</summary>
    public static IServiceCollection AddState(this IServiceCollection services, string databasePath, SecretBox box)
    {
        services.AddSingleton(new Database(databasePath));
        services.AddHostedService<DatabaseStartup>();
        services.AddSingleton(box);
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
        services.AddSingleton<DomainCertificateStore>();
        services.AddSingleton<SourceStore>();
        services.AddSingleton<WebhookDeliveryStore>();
        return services;
    }
}

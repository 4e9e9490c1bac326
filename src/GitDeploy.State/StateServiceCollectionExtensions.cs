using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.State;

public static class StateServiceCollectionExtensions
{
    /// <summary>Opens (creates, migrates) the database; its secrets are sealed with <paramref name="box"/>.</summary>
    public static IServiceCollection AddState(this IServiceCollection services, string databasePath, SecretBox box)
    {
        var db = new Database(databasePath);
        db.Migrate();
        SecretColumns.Migrate(db, box);
        services.AddSingleton(db);
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

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitDeploy.Server.Acme;

public static class AcmeServiceCollectionExtensions
{
    /// <summary>
    /// Automatic HTTPS: certificates by ACME (lego, http-01 through the router's challenge directory
    /// <paramref name="challengeDir"/>), kept under DATA/acme, renewed by <see cref="CertificateRenewer"/>;
    /// its start-up and shut-down are <see cref="AcmeStartup"/>'s. Add it after the router.
    /// </summary>
    public static IServiceCollection AddAcme(this IServiceCollection services, AcmeOptions options, string dataDir,
        string challengeDir)
    {
        var layout = new AcmeLayout(dataDir);
        services.AddSingleton(options);
        services.AddSingleton(layout);
        services.AddSingleton(sp => new CertificateFiles(layout.Certificates, sp.GetRequiredService<SecretBox>()));
        services.AddSingleton<ICertificateIssuer>(sp => new LegoIssuer(options, layout, challengeDir,
            sp.GetRequiredService<SecretBox>(), sp.GetRequiredService<ILogger<LegoIssuer>>()));
        services.AddSingleton<AcmeCertificates>();
        services.AddSingleton<CertificateRenewer>();
        services.AddHostedService<AcmeStartup>();
        return services;
    }
}

using GitDeploy.Server.Dashboard.Actions;
using GitDeploy.Server.Dashboard.Assets;
using GitDeploy.Server.Dashboard.Pages;
using GitDeploy.Server.Dashboard.Sessions;
using GitDeploy.Server.Dashboard.Streams;
using GitDeploy.Server.Dashboard.Views;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace GitDeploy.Server.Dashboard;

/// <summary>
/// The web dashboard at /dashboard on the platform's own hosts (the router hands every app host to its
/// app first, so no app's visitors ever reach it): server-rendered pages over the services the JSON API
/// uses, with embedded htmx and uPlot making them live.
/// </summary>
public static class DashboardExtensions
{
    public static IServiceCollection AddDashboard(
        this IServiceCollection services, Action<DashboardOptions>? configure = null)
    {
        var options = new DashboardOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddRazorComponents();
        // Razor components ask for data protection (antiforgery, component state); the dashboard keeps its own
        // CSRF tokens, so keys in memory will do: nothing is written to the home directory.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<DashboardForms>();
        services.AddSingleton<FormAction>();
        services.AddSingleton<AppQueries>();
        services.AddSingleton<ReleaseQueries>();
        services.AddSingleton<ActivityQueries>();
        return services;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        var root = routes.MapGroup("/dashboard").AddEndpointFilter<SecurityHeaders>();
        root.MapDashboardAssets();
        root.MapDashboardSignIn();
        var signedIn = root.MapGroup("").AddEndpointFilter<DashboardAuth>();
        signedIn.MapDashboardPages();
        signedIn.MapDashboardPartials();
        signedIn.MapDashboardActions();
        signedIn.MapDashboardStreams();
        return routes;
    }
}

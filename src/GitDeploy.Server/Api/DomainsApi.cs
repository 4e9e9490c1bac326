using System.Text.RegularExpressions;
using GitDeploy.Runtime.Router;
using GitDeploy.Server.Acme;
using GitDeploy.Server.Hosting;
using Microsoft.Extensions.Options;

namespace GitDeploy.Server.Api;

/// <summary>
/// /api/apps/APP/domains: custom domains. A domain belongs to one app; one that starts with "stg-"
/// binds to stage unless another environment is named; APP.DOMAIN and stg-APP.DOMAIN always work.
/// Each has an HTTPS mode (<see cref="HttpsModes"/>): with auto the server obtains and renews its
/// certificate (<see cref="CertificateRenewer"/>); leaving auto, or removing the domain, forgets it.
/// </summary>
public static partial class DomainsApi
{
    [GeneratedRegex(@"^(?=.{1,253}\z)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\z")]
    private static partial Regex DomainPattern();

    /// <summary>A last label of digits (or 0x hex) makes a browser read the name as an IPv4 address.</summary>
    private static bool EndsInANumber(string domain)
    {
        var last = domain[(domain.LastIndexOf('.') + 1)..];
        return last.All(char.IsAsciiDigit)
            || last.StartsWith("0x", StringComparison.Ordinal) && last[2..].All(char.IsAsciiHexDigit);
    }

    public static IEndpointRouteBuilder MapDomainsApi(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/apps/{app}/domains");
        g.MapGet("", List).Require(Permission.Read);
        g.MapPost("", Add).Require(Permission.Admin);
        g.MapPatch("/{domain}", Change).Require(Permission.Admin);
        g.MapDelete(
                "/{domain}",
                (
                    string app,
                    string domain,
                    DomainStore domains,
                    DomainTable table,
                    CertificateRenewer acme,
                    HistoryStore history,
                    HttpContext ctx
                ) =>
                {
                    domain = domain.ToLowerInvariant();
                    if (!domains.Remove(app, domain))
                        return NotADomainOf(app, domain);
                    table.Remove(domain);
                    acme.Forget(domain);
                    history.Add(app, null, "domain remove", domain, ctx.Principal().Name);
                    return Results.Json(
                        new
                        {
                            app,
                            domain,
                            removed = true,
                        }
                    );
                }
            )
            .Require(Permission.Admin);
        return routes;
    }

    private static IResult List(
        string app,
        AppStore apps,
        DomainStore domains,
        DomainCertificateStore states,
        CertificateStore certificates,
        IOptions<RouterOptions> router,
        TimeProvider time
    )
    {
        if (apps.Find(app) is null)
            return ApiErrors.NotFoundApp(app);
        var now = time.GetUtcNow();
        var https = router.Value.HttpsPort is not null;
        return Results.Json(domains.List(app).Select(d => DomainView.Of(d, states, certificates, https, now)));
    }

    private static IResult NotADomainOf(string app, string domain) =>
        ApiErrors.Error(404, $"{domain} is not a domain of {app}; see `gitdeploy domains list {app}`");

    private static IResult Change(
        string app,
        string domain,
        DomainSettings body,
        DomainStore domains,
        DomainTable table,
        CertificateRenewer acme,
        ICertificateIssuer issuer,
        IOptions<RouterOptions> router,
        HistoryStore history,
        HttpContext ctx
    )
    {
        var d = domains.Find(domain.ToLowerInvariant());
        if (d is null || d.App != app)
            return NotADomainOf(app, domain);
        if (body.ForceHttps is null && body.Https is null)
            return ApiErrors.Error(
                400,
                "nothing to change: give --https auto|manual|off, --force-https true|false, or both"
            );
        var changed = d with { ForceHttps = body.ForceHttps ?? d.ForceHttps, Https = body.Https ?? d.Https };
        if (DomainHttps.Problem(changed.Https, changed.ForceHttps, router.Value, issuer) is { } problem)
            return ApiErrors.Error(400, problem);
        domains.SetForceHttps(d.Domain, changed.ForceHttps);
        domains.SetHttps(d.Domain, changed.Https);
        table.Set(changed);
        if (d.Https == HttpsModes.Auto && changed.Https != HttpsModes.Auto)
            acme.Forget(d.Domain);
        if (changed.Https == HttpsModes.Auto)
            acme.Enable(d.Domain);
        var force = changed.ForceHttps ? "on" : "off";
        history.Add(
            app,
            d.Env,
            "domain",
            $"{d.Domain}: HTTPS {changed.Https}, force HTTPS {force}",
            ctx.Principal().Name
        );
        return Results.Json(changed);
    }

    private static IResult Add(
        string app,
        AddDomainRequest body,
        AppStore apps,
        DomainStore domains,
        DomainTable table,
        HistoryStore history,
        IOptions<RouterOptions> router,
        HostRouter hosts,
        CertificateRenewer acme,
        ICertificateIssuer issuer,
        HttpContext ctx
    )
    {
        if (apps.Find(app) is null)
            return ApiErrors.NotFoundApp(app);
        var domain = (body.Domain ?? "").TrimEnd('.').ToLowerInvariant();
        if (domain.Length > 0 && hosts.IsPlatformHost(domain))
            return ApiErrors.Error(
                400,
                $"{domain} is one of GitDeploy's own addresses (IP addresses, localhost, "
                    + "the apps domain, --platform-host names), where its API and git answer; an app cannot take it: "
                    + "choose another domain"
            );
        if (!DomainPattern().IsMatch(domain) || EndsInANumber(domain))
            return ApiErrors.Error(400, $"'{body.Domain}' is not a domain name like www.example.com");
        var appsDomain = router.Value.AppsDomain.ToLowerInvariant();
        if (
            domain.EndsWith("." + appsDomain, StringComparison.Ordinal)
            || domain.EndsWith(".localhost", StringComparison.Ordinal)
        )
            return ApiErrors.Error(
                400,
                $"{domain} is under the apps domain {appsDomain} (or localhost), whose names "
                    + "belong to the apps of the same name; choose a domain outside it"
            );
        var env = body.Env ?? (domain.StartsWith("stg-") ? Environments.Stage : Environments.Production);
        if (!Environments.All.Contains(env))
            return ApiErrors.Error(400, $"unknown environment '{env}': use production or stage");
        var mode = body.Https ?? HttpsModes.Manual;
        if (DomainHttps.Problem(mode, body.ForceHttps, router.Value, issuer) is { } problem)
            return ApiErrors.Error(400, problem);
        if (!domains.TryAdd(domain, app, env, body.ForceHttps, mode))
        {
            var owner = domains.Find(domain)!;
            return ApiErrors.Error(
                409,
                owner.App == app
                    ? $"{domain} is already a domain of {app} ({owner.Env})"
                    : $"{domain} belongs to another app ({owner.App}); remove it there first"
            );
        }
        var record = domains.Find(domain)!;
        table.Set(record);
        if (mode == HttpsModes.Auto)
            acme.Enable(domain);
        var detail = (mode == HttpsModes.Manual ? "" : $" (HTTPS {mode})") + (body.ForceHttps ? " (force HTTPS)" : "");
        history.Add(app, env, "domain add", domain + detail, ctx.Principal().Name);
        return Results.Json(record, statusCode: 201);
    }
}

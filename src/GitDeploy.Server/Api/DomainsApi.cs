using System.Text.RegularExpressions;
using GitDeploy.Runtime.Router;
using Microsoft.Extensions.Options;

namespace GitDeploy.Server.Api;

public sealed record AddDomainRequest(string? Domain, string? Env, bool ForceHttps = false);
public sealed record DomainSettings(bool ForceHttps);

/// <summary>
/// /api/apps/APP/domains: custom domains. A domain belongs to one app; one that starts with "stg-"
/// binds to stage unless another environment is named; APP.DOMAIN and stg-APP.DOMAIN always work.
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
        g.MapGet("", (string app, AppStore apps, DomainStore domains) =>
            apps.Find(app) is null ? ApiErrors.NotFoundApp(app) : Results.Json(domains.List(app))).Require(Permission.Read);
        g.MapPost("", Add).Require(Permission.Admin);
        g.MapPatch("/{domain}", (string app, string domain, DomainSettings body, DomainStore domains, DomainTable table, HistoryStore history, HttpContext ctx) =>
        {
            var d = domains.Find(domain.ToLowerInvariant());
            if (d is null || d.App != app) return ApiErrors.Error(404, $"{domain} is not a domain of {app}; see `gitdeploy domains list {app}`");
            domains.SetForceHttps(d.Domain, body.ForceHttps);
            table.Set(d with { ForceHttps = body.ForceHttps });
            history.Add(app, d.Env, "domain", $"{d.Domain}: force HTTPS {(body.ForceHttps ? "on" : "off")}", ctx.Principal().Name);
            return Results.Json(d with { ForceHttps = body.ForceHttps });
        }).Require(Permission.Admin);
        g.MapDelete("/{domain}", (string app, string domain, DomainStore domains, DomainTable table, HistoryStore history, HttpContext ctx) =>
        {
            domain = domain.ToLowerInvariant();
            if (!domains.Remove(app, domain)) return ApiErrors.Error(404, $"{domain} is not a domain of {app}; see `gitdeploy domains list {app}`");
            table.Remove(domain);
            history.Add(app, null, "domain remove", domain, ctx.Principal().Name);
            return Results.Json(new { app, domain, removed = true });
        }).Require(Permission.Admin);
        return routes;
    }

    private static IResult Add(string app, AddDomainRequest body, AppStore apps, DomainStore domains, DomainTable table,
        HistoryStore history, IOptions<RouterOptions> router, HostRouter hosts, HttpContext ctx)
    {
        if (apps.Find(app) is null) return ApiErrors.NotFoundApp(app);
        var domain = (body.Domain ?? "").TrimEnd('.').ToLowerInvariant();
        if (domain.Length > 0 && hosts.IsPlatformHost(domain))
            return ApiErrors.Error(400, $"{domain} is one of GitDeploy's own addresses (IP addresses, localhost, "
                + "the apps domain, --platform-host names), where its API and git answer; an app cannot take it: "
                + "choose another domain");
        if (!DomainPattern().IsMatch(domain) || EndsInANumber(domain))
            return ApiErrors.Error(400, $"'{body.Domain}' is not a domain name like www.example.com");
        var appsDomain = router.Value.AppsDomain.ToLowerInvariant();
        if (domain.EndsWith("." + appsDomain, StringComparison.Ordinal)
            || domain.EndsWith(".localhost", StringComparison.Ordinal))
            return ApiErrors.Error(400, $"{domain} is under the apps domain {appsDomain} (or localhost), whose names "
                + "belong to the apps of the same name; choose a domain outside it");
        var env = body.Env ?? (domain.StartsWith("stg-") ? Environments.Stage : Environments.Production);
        if (!Environments.All.Contains(env)) return ApiErrors.Error(400, $"unknown environment '{env}': use production or stage");
        if (!domains.TryAdd(domain, app, env, body.ForceHttps))
        {
            var owner = domains.Find(domain)!;
            return ApiErrors.Error(409, owner.App == app
                ? $"{domain} is already a domain of {app} ({owner.Env})"
                : $"{domain} belongs to another app ({owner.App}); remove it there first");
        }
        var record = domains.Find(domain)!;
        table.Set(record);
        history.Add(app, env, "domain add", domain + (body.ForceHttps ? " (force HTTPS)" : ""), ctx.Principal().Name);
        return Results.Json(record, statusCode: 201);
    }
}

using System.Collections.Concurrent;
using GitDeploy.State;

namespace GitDeploy.Runtime.Router;

/// <summary>
/// Custom domains in memory, for the request path; the DomainStore is the truth, loaded at start and
/// updated with it. A domain whose certificate comes by ACME forces HTTPS only once it has one, so
/// that until then (or while it cannot be obtained) it keeps serving HTTP.
/// </summary>
public sealed class DomainTable
{
    private readonly ConcurrentDictionary<string, DomainRecord> _domains = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _withCertificate = new(StringComparer.OrdinalIgnoreCase);

    public void Load(IEnumerable<DomainRecord> records)
    {
        foreach (var r in records) Set(r);
    }

    public void Set(DomainRecord r) => _domains[r.Domain] = r;

    /// <summary>Whether the server holds an automatic certificate for the domain (Acme says).</summary>
    public void SetAutomaticCertificate(string domain, bool present)
    {
        if (present) _withCertificate[domain] = true;
        else _withCertificate.TryRemove(domain, out _);
    }

    public void Remove(string domain)
    {
        _domains.TryRemove(domain, out _);
        _withCertificate.TryRemove(domain, out _);
    }

    public void RemoveApp(string app)
    {
        foreach (var (d, r) in _domains)
            if (r.App == app) Remove(d);
    }

    public bool TryGet(string host, out DomainRoute route)
    {
        if (!_domains.TryGetValue(host, out var r))
        {
            route = null!;
            return false;
        }
        var https = r.Https switch
        {
            HttpsModes.Off => false,
            HttpsModes.Auto => _withCertificate.ContainsKey(r.Domain),
            _ => true,
        };
        route = new DomainRoute(r.App, r.Env, r.ForceHttps && https);
        return true;
    }
}

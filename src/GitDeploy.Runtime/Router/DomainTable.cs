using System.Collections.Concurrent;
using GitDeploy.State;

namespace GitDeploy.Runtime.Router;

public sealed record DomainRoute(string App, string Env, bool ForceHttps);

/// <summary>Custom domains in memory, for the request path; the DomainStore is the truth, loaded at start and updated with it.</summary>
public sealed class DomainTable
{
    private readonly ConcurrentDictionary<string, DomainRoute> _domains = new(StringComparer.OrdinalIgnoreCase);

    public void Load(IEnumerable<DomainRecord> records)
    {
        foreach (var r in records) Set(r);
    }

    public void Set(DomainRecord r) => _domains[r.Domain] = new DomainRoute(r.App, r.Env, r.ForceHttps);

    public void Remove(string domain) => _domains.TryRemove(domain, out _);

    public void RemoveApp(string app)
    {
        foreach (var (d, r) in _domains)
            if (r.App == app) _domains.TryRemove(d, out _);
    }

    public bool TryGet(string host, out DomainRoute route) => _domains.TryGetValue(host, out route!);
}

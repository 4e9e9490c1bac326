using GitDeploy.Server.Acme;
using GitDeploy.Server.Hosting;

namespace GitDeploy.Server.Api;

/// <summary>
/// A domain as <c>domains list</c> shows it: its route, its HTTPS mode, the certificate it is served
/// with (issuer, expiry) and, for an automatic one, the last error and when the next attempt is due.
/// </summary>
public sealed record DomainView(
    string Domain, string App, string Env, bool ForceHttps, string Https, string CreatedAt, string? Issuer,
    DateTimeOffset? ExpiresAt, string? LastError, DateTimeOffset? LastErrorAt, DateTimeOffset? NextAttemptAt)
{
    public static DomainView Of(DomainRecord d, DomainCertificateStore states, CertificateStore certificates,
        bool httpsListener, DateTimeOffset now)
    {
        var view = new DomainView(d.Domain, d.App, d.Env, d.ForceHttps, d.Https, d.CreatedAt,
            null, null, null, null, null);
        switch (d.Https)
        {
            case HttpsModes.Auto:
                var state = states.Find(d.Domain);
                return view with
                {
                    Issuer = state?.Issuer, ExpiresAt = state?.NotAfter, LastError = state?.LastError,
                    LastErrorAt = state?.LastErrorAt, NextAttemptAt = RenewalSchedule.NextAttempt(state, now),
                };
            case HttpsModes.Manual when httpsListener:
                var manual = certificates.Manual(d.Domain);
                return manual is null
                    ? view with { LastError = $"no certificate given with serve --certs names {d.Domain}: "
                        + "its HTTPS is served with the first one; add one, or use --https auto" }
                    : view with
                    {
                        Issuer = CertificateNames.Issuer(manual), ExpiresAt = manual.NotAfter.ToUniversalTime(),
                    };
            default:
                return view;
        }
    }
}

using System.Globalization;
using Dapper;

namespace GitDeploy.State;

/// <summary>
/// The <c>domain_certificates</c> rows. A row exists only while its domain does (it goes with the
/// domain, and is never written for a domain removed meanwhile); the certificate's files are
/// <c>Acme/CertificateFiles</c>' concern.
/// </summary>
public sealed class DomainCertificateStore(Database db, TimeProvider clock)
{
    private sealed record Row(string Domain, string? Issuer, string? NotBefore, string? NotAfter, string? ObtainedAt,
        string? LastError, string? LastErrorAt, long Failures, string? RetryAt);

    private const string Columns = "domain, issuer, not_before AS NotBefore, not_after AS NotAfter, "
        + "obtained_at AS ObtainedAt, last_error AS LastError, last_error_at AS LastErrorAt, failures, "
        + "retry_at AS RetryAt";

    public DomainCertificate? Find(string domain)
    {
        using var c = db.Open();
        var row = c.QuerySingleOrDefault<Row>($"SELECT {Columns} FROM domain_certificates WHERE domain = @domain",
            new { domain });
        return row is null ? null : ToRecord(row);
    }

    /// <summary>A certificate was obtained: error and retries cleared. False when the domain is gone.</summary>
    public bool Obtained(string domain, string issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var c = db.Open();
        return c.Execute("""
            INSERT INTO domain_certificates (domain, issuer, not_before, not_after, obtained_at, failures)
            SELECT @domain, @issuer, @notBefore, @notAfter, @now, 0
            WHERE EXISTS (SELECT 1 FROM domains WHERE domain = @domain)
            ON CONFLICT(domain) DO UPDATE SET issuer = excluded.issuer, not_before = excluded.not_before,
                not_after = excluded.not_after, obtained_at = excluded.obtained_at,
                last_error = NULL, last_error_at = NULL, failures = 0, retry_at = NULL
            """, new
        {
            domain, issuer, notBefore = Clock.Iso(notBefore), notAfter = Clock.Iso(notAfter),
            now = Clock.Iso(clock.GetUtcNow()),
        }) == 1;
    }

    /// <summary>An attempt failed: its reason, one failure more, the retry. False when the domain is gone.</summary>
    public bool Failed(string domain, string error, DateTimeOffset retryAt)
    {
        using var c = db.Open();
        return c.Execute("""
            INSERT INTO domain_certificates (domain, last_error, last_error_at, failures, retry_at)
            SELECT @domain, @error, @now, 1, @retryAt WHERE EXISTS (SELECT 1 FROM domains WHERE domain = @domain)
            ON CONFLICT(domain) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at,
                failures = domain_certificates.failures + 1, retry_at = excluded.retry_at
            """, new { domain, error, now = Clock.Iso(clock.GetUtcNow()), retryAt = Clock.Iso(retryAt) }) == 1;
    }

    /// <summary>The next attempt is due now (the user asked again); the last error stays until it is made.</summary>
    public void ClearRetry(string domain)
    {
        using var c = db.Open();
        c.Execute("UPDATE domain_certificates SET failures = 0, retry_at = NULL WHERE domain = @domain",
            new { domain });
    }

    public void Forget(string domain)
    {
        using var c = db.Open();
        c.Execute("DELETE FROM domain_certificates WHERE domain = @domain", new { domain });
    }

    private static DomainCertificate ToRecord(Row r) => new(r.Domain, r.Issuer, Time(r.NotBefore), Time(r.NotAfter),
        Time(r.ObtainedAt), r.LastError, Time(r.LastErrorAt), (int)r.Failures, Time(r.RetryAt));

    private static DateTimeOffset? Time(string? iso) => iso is null ? null
        : DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

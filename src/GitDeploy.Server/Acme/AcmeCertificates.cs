using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GitDeploy.Runtime.Router;
using GitDeploy.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace GitDeploy.Server.Acme;

/// <summary>
/// The one owner of automatic certificates: their files, the copy the TLS handshake serves
/// (<see cref="CertificateStore"/>), the router's "has a certificate" flag (force-HTTPS waits for it),
/// their state in the database, and what the server's log and the app's history say. Installing and
/// forgetting are serialised, so a certificate that arrives for a domain removed meanwhile is dropped.
/// </summary>
public sealed class AcmeCertificates(
    CertificateFiles files, CertificateStore store, DomainTable table, DomainCertificateStore states,
    DomainStore domains, HistoryStore history, AcmeLayout layout, AcmeOptions options, TimeProvider time,
    ILogger<AcmeCertificates> log)
{
    public const string Actor = "acme";
    private readonly Lock _gate = new();

    /// <summary>
    /// At start: removes what killed runs left, serves each automatic domain's certificate, deletes orphans.
    /// </summary>
    public void LoadAll()
    {
        if (Directory.Exists(layout.Runs)) Directory.Delete(layout.Runs, recursive: true);
        var automatic = domains.ListAuto().Select(d => d.Domain).ToHashSet(StringComparer.Ordinal);
        foreach (var domain in files.Domains().Where(d => !automatic.Contains(d))) files.Delete(domain);
        foreach (var domain in automatic)
            if (!TryLoad(domain) && states.Find(domain) is { NotAfter: not null }) states.Forget(domain); // obtain anew
    }

    /// <summary>Puts an obtained certificate in place: from the next handshake on it is the one served.</summary>
    public void Install(string domain, IssueResult issued)
    {
        X509Certificate2 leaf;
        X509Certificate2Collection chain;
        try
        {
            leaf = X509Certificate2.CreateFromPem(issued.ChainPem, issued.KeyPem);
            chain = CertificateStore.ChainAfterFirst(issued.ChainPem!);
        }
        catch (CryptographicException e)
        {
            Fail(domain, $"the CA's answer is not a certificate for the key sent ({e.Message})");
            return;
        }
        if (!CertificateNames.Covers(leaf, domain))
        {
            Fail(domain, $"the CA's certificate does not name {domain} (it names {leaf.Subject})");
            return;
        }
        var issuer = CertificateNames.Issuer(leaf);
        var notBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime());
        DomainRecord? d;
        bool renewed;
        lock (_gate)
        {
            d = domains.Find(domain);
            if (d is not { Https: HttpsModes.Auto }) return; // removed, or no longer automatic, while it was obtained
            renewed = states.Find(domain)?.NotAfter is not null;
            files.Save(domain, issued.ChainPem!, issued.KeyPem!);
            store.SetAutomatic(domain, leaf, chain);
            table.SetAutomaticCertificate(domain, true);
            states.Obtained(domain, issuer, notBefore, notAfter);
        }
        var what = renewed ? "renewed" : "obtained";
        log.LogInformation("certificate for {Domain} {What} from {Issuer}, valid until {NotAfter:u}",
            domain, what, issuer, notAfter);
        history.Add(d.App, d.Env, "certificate",
            $"{domain}: certificate {what} from {issuer}, valid until {notAfter:yyyy-MM-dd HH:mm} UTC", Actor);
    }

    /// <summary>An attempt failed: its reason is kept and shown, and the next one waits (doubling back-off).</summary>
    public void Fail(string domain, string error)
    {
        DomainRecord? d;
        DomainCertificate? before;
        DateTimeOffset retryAt;
        lock (_gate)
        {
            d = domains.Find(domain);
            if (d is not { Https: HttpsModes.Auto }) return;
            before = states.Find(domain);
            var failures = (before?.Failures ?? 0) + 1;
            retryAt = time.GetUtcNow() + RenewalSchedule.RetryDelay(failures, options.RetryInitial, options.RetryCap);
            states.Failed(domain, error, retryAt);
        }
        var serving = before?.NotAfter is { } until ? $"; the current certificate serves until {until:u}" : "";
        log.LogWarning("no certificate for {Domain}: {Error}; next try at {RetryAt:u}{Serving}",
            domain, error, retryAt, serving);
        // The history says a failure once, not at every retry of the same one.
        if (before is null || before.Failures == 0 || before.LastError != error)
            history.Add(d.App, d.Env, "certificate", $"{domain}: could not obtain a certificate: {error} "
                + $"(next try {retryAt:yyyy-MM-dd HH:mm} UTC{serving})", Actor);
    }

    /// <summary>The domain was removed or is no longer automatic: its certificate is deleted and unserved.</summary>
    public void Forget(string domain)
    {
        lock (_gate)
        {
            files.Delete(domain);
            store.RemoveAutomatic(domain);
            table.SetAutomaticCertificate(domain, false);
            states.Forget(domain);
        }
    }

    private bool TryLoad(string domain)
    {
        try
        {
            if (files.Read(domain) is not { } pair) return false;
            var leaf = X509Certificate2.CreateFromPem(pair.ChainPem, pair.KeyPem);
            store.SetAutomatic(domain, leaf, CertificateStore.ChainAfterFirst(pair.ChainPem));
            table.SetAutomaticCertificate(domain, true);
            return true;
        }
        catch (Exception e) when (e is CryptographicException or SecretKeyMismatchException or FormatException)
        {
            // Left in place: the new certificate obtained at once replaces it.
            log.LogWarning("the stored certificate of {Domain} cannot be read ({Error}): a new one is obtained",
                domain, e.Message);
            return false;
        }
    }
}

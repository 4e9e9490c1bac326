using System.Security.Cryptography.X509Certificates;

namespace GitDeploy.Server.Acme;

/// <summary>What <c>domains list</c> and the history say of a certificate: its issuer, the names it covers.</summary>
public static class CertificateNames
{
    private const string OrganizationOid = "2.5.4.10";

    /// <summary>The issuer's organisation and common name ("Let's Encrypt R11"), or its common name alone.</summary>
    public static string Issuer(X509Certificate2 cert)
    {
        var cn = cert.GetNameInfo(X509NameType.SimpleName, forIssuer: true);
        var org = cert.IssuerName.EnumerateRelativeDistinguishedNames()
            .Where(r => r.GetSingleElementType().Value == OrganizationOid)
            .Select(r => r.GetSingleElementValue()).FirstOrDefault();
        if (string.IsNullOrEmpty(cn)) return org ?? cert.Issuer;
        return org is null || cn.Contains(org, StringComparison.OrdinalIgnoreCase) ? cn : $"{org} {cn}";
    }

    public static bool Covers(X509Certificate2 cert, string domain) =>
        cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames())
            .Any(n => string.Equals(n, domain, StringComparison.OrdinalIgnoreCase));
}

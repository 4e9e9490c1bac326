namespace GitDeploy.Server.Acme;

/// <summary>
/// Each domain's automatic certificate on disk, in <c>DATA/acme/certificates/</c> (0700):
/// <c>DOMAIN.crt</c> the certificate and its chain (PEM) and <c>DOMAIN.key.sealed</c> its private key,
/// sealed by the SecretBox that seals the database's secrets, 0600.
/// </summary>
public sealed class CertificateFiles(string root, SecretBox box)
{
    private const string CertSuffix = ".crt";
    private const string KeySuffix = ".key.sealed";

    public string CertificatePath(string domain) => Path.Combine(root, Checked(domain) + CertSuffix);
    public string KeyPath(string domain) => Path.Combine(root, Checked(domain) + KeySuffix);

    /// <summary>The key first, then the certificate; each written whole.</summary>
    public void Save(string domain, string chainPem, string keyPem)
    {
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(root)!);
        PrivateFiles.CreateDirectory(root);
        PrivateFiles.Write(KeyPath(domain), box.Seal(keyPem));
        PrivateFiles.Write(CertificatePath(domain), chainPem);
    }

    /// <summary>The certificate chain and the opened key, or null when the domain has none.</summary>
    public (string ChainPem, string KeyPem)? Read(string domain)
    {
        var crt = CertificatePath(domain);
        var key = KeyPath(domain);
        if (!File.Exists(crt) || !File.Exists(key)) return null;
        return (File.ReadAllText(crt), box.Open(File.ReadAllText(key)));
    }

    public void Delete(string domain)
    {
        if (!Directory.Exists(root)) return; // File.Delete throws when the directory is missing
        File.Delete(CertificatePath(domain));
        File.Delete(KeyPath(domain));
    }

    /// <summary>The domains that have files here.</summary>
    public IReadOnlyList<string> Domains() => !Directory.Exists(root) ? []
        : Directory.EnumerateFiles(root).Select(f => Path.GetFileName(f)!)
            .Select(n => n.EndsWith(CertSuffix) ? n[..^CertSuffix.Length]
                : n.EndsWith(KeySuffix) ? n[..^KeySuffix.Length] : null)
            .OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

    private static string Checked(string domain) =>
        domain.Length > 0 && Path.GetFileName(domain) == domain && domain[0] != '.'
            ? domain : throw new ArgumentException($"'{domain}' is not a domain name", nameof(domain));
}

using System.Security.Cryptography.X509Certificates;

namespace GitDeploy.Server.Hosting;

/// <summary>
/// The HTTPS certificates: PEM files (a certificate with its key in the same file, or NAME.crt /
/// NAME.pem beside NAME.key), one file or a directory of them. Chosen per connection by SNI:
/// exact DNS name, then wildcard, then the first one.
/// </summary>
public sealed class CertificateStore
{
    private readonly List<(X509Certificate2 Cert, string[] Names)> _certs = [];

    public IReadOnlyList<string> Names => _certs.SelectMany(c => c.Names).ToList();

    public static CertificateStore Load(string path)
    {
        var store = new CertificateStore();
        IEnumerable<string> files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Where(f => f.EndsWith(".crt") || f.EndsWith(".pem") || f.EndsWith(".cer")).Order()
            : [path];
        foreach (var file in files)
        {
            var key = new[] { Path.ChangeExtension(file, ".key"), file + ".key" }.FirstOrDefault(File.Exists);
            var text = File.ReadAllText(file);
            if (key is null && !text.Contains("PRIVATE KEY")) continue; // a chain or CA file, not a server certificate
            var cert = X509Certificate2.CreateFromPemFile(file, key);
            store._certs.Add((cert, DnsNames(cert)));
        }
        if (store._certs.Count == 0)
            throw new InvalidOperationException($"no certificate with its private key found in {path}: give PEM files (NAME.crt + NAME.key, or one .pem holding both)");
        return store;
    }

    public X509Certificate2 Select(string? serverName)
    {
        if (!string.IsNullOrEmpty(serverName))
        {
            var name = serverName.ToLowerInvariant();
            foreach (var (cert, names) in _certs)
                if (names.Contains(name)) return cert;
            var dot = name.IndexOf('.');
            if (dot > 0)
                foreach (var (cert, names) in _certs)
                    if (names.Contains("*" + name[dot..])) return cert;
        }
        return _certs[0].Cert;
    }

    private static string[] DnsNames(X509Certificate2 cert)
    {
        var names = new List<string>();
        foreach (var ext in cert.Extensions.OfType<X509SubjectAlternativeNameExtension>())
            names.AddRange(ext.EnumerateDnsNames().Select(n => n.ToLowerInvariant()));
        var cn = cert.GetNameInfo(X509NameType.DnsName, false);
        if (!string.IsNullOrEmpty(cn)) names.Add(cn.ToLowerInvariant());
        return names.Distinct().ToArray();
    }
}

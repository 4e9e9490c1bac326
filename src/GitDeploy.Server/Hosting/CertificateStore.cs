using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace GitDeploy.Server.Hosting;

/// <summary>
/// The HTTPS certificates, chosen per connection by SNI. Manual ones come from <c>serve --certs</c>:
/// PEM files (a certificate with its key in the same file, or NAME.crt / NAME.pem beside NAME.key),
/// one file or a directory of them, loaded at start. Automatic ones (ACME, one per domain) are set
/// and replaced while the server runs. Choice: the domain's automatic certificate, then a manual one
/// by exact DNS name, then by wildcard, then the first manual one. Each is kept with its chain
/// (the certificates after the first in its file), which the handshake sends.
/// </summary>
public sealed class CertificateStore
{
    private sealed record Entry(X509Certificate2 Leaf, string[] Names, SslStreamCertificateContext Context);

    private readonly List<Entry> _manual = [];
    private readonly ConcurrentDictionary<string, Entry> _automatic = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The store of a server without --certs: automatic certificates only.</summary>
    public static CertificateStore Empty() => new();

    public static CertificateStore Load(string path)
    {
        var store = new CertificateStore();
        IEnumerable<string> files = Directory.Exists(path)
            ? Directory
                .EnumerateFiles(path)
                .Where(f => f.EndsWith(".crt") || f.EndsWith(".pem") || f.EndsWith(".cer"))
                .Order()
            : [path];
        foreach (var file in files)
        {
            var key = new[] { Path.ChangeExtension(file, ".key"), file + ".key" }.FirstOrDefault(File.Exists);
            var text = File.ReadAllText(file);
            if (key is null && !text.Contains("PRIVATE KEY"))
                continue; // a chain or CA file, not a server certificate
            var cert = X509Certificate2.CreateFromPemFile(file, key);
            store._manual.Add(Make(cert, ChainAfterFirst(text)));
        }
        if (store._manual.Count == 0)
            throw new InvalidOperationException(
                $"no certificate with its private key found in {path}: give "
                    + "PEM files (NAME.crt + NAME.key, or one .pem holding both)"
            );
        return store;
    }

    /// <summary>The certificate for a handshake naming <paramref name="serverName"/>, or null: none.</summary>
    public SslStreamCertificateContext? Select(string? serverName)
    {
        var name = serverName?.ToLowerInvariant();
        if (!string.IsNullOrEmpty(name) && _automatic.TryGetValue(name, out var automatic))
            return automatic.Context;
        return (name is null ? null : ManualEntry(name))?.Context ?? _manual.FirstOrDefault()?.Context;
    }

    /// <summary>The --certs certificate naming <paramref name="domain"/> (exactly or by wildcard), if any.</summary>
    public X509Certificate2? Manual(string domain) => ManualEntry(domain.ToLowerInvariant())?.Leaf;

    /// <summary>The automatic certificate of a domain, served from the next handshake on.</summary>
    public void SetAutomatic(string domain, X509Certificate2 leaf, X509Certificate2Collection chain) =>
        _automatic[domain] = Make(leaf, chain);

    public void RemoveAutomatic(string domain) => _automatic.TryRemove(domain, out _);

    private Entry? ManualEntry(string name)
    {
        foreach (var e in _manual)
            if (e.Names.Contains(name))
                return e;
        var dot = name.IndexOf('.');
        if (dot > 0)
            foreach (var e in _manual)
                if (e.Names.Contains("*" + name[dot..]))
                    return e;
        return null;
    }

    private static Entry Make(X509Certificate2 leaf, X509Certificate2Collection chain) =>
        new(leaf, DnsNames(leaf), SslStreamCertificateContext.Create(leaf, chain, offline: true));

    /// <summary>The certificates of a PEM text after its first one: the chain of the first.</summary>
    public static X509Certificate2Collection ChainAfterFirst(string pem)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPem(pem);
        var chain = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
            chain.Add(all[i]);
        return chain;
    }

    private static string[] DnsNames(X509Certificate2 cert)
    {
        var names = new List<string>();
        foreach (var ext in cert.Extensions.OfType<X509SubjectAlternativeNameExtension>())
            names.AddRange(ext.EnumerateDnsNames().Select(n => n.ToLowerInvariant()));
        var cn = cert.GetNameInfo(X509NameType.DnsName, false);
        if (!string.IsNullOrEmpty(cn))
            names.Add(cn.ToLowerInvariant());
        return names.Distinct().ToArray();
    }
}

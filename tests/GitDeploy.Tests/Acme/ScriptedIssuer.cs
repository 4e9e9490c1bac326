using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GitDeploy.Server.Acme;

namespace GitDeploy.Tests.Acme;

/// <summary>
/// Stands in for the CA where the clock is fake (lego and pebble run on the real one; the end-to-end tests
/// use them): issues self-signed certificates valid from the fake now for <see cref="Lifetime"/>, or fails
/// while <see cref="Failing"/> says so, and records when it was asked.
/// </summary>
public sealed class ScriptedIssuer(TimeProvider time) : ICertificateIssuer
{
    private readonly List<(string Domain, DateTimeOffset At)> _calls = [];

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(90);
    public string? Failing { get; set; }

    public IReadOnlyList<(string Domain, DateTimeOffset At)> Calls
    {
        get { lock (_calls) return _calls.ToList(); }
    }

    public string? Problem() => null;

    public Task<IssueResult> IssueAsync(string domain, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        lock (_calls) _calls.Add((domain, now));
        if (Failing is { } error) return Task.FromResult(IssueResult.Failed(error));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={domain}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(domain);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(now, now + Lifetime);
        return Task.FromResult(IssueResult.Issued(cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem()));
    }
}

namespace GitDeploy.Server.Acme;

/// <summary>Automatic HTTPS (serve --acme-*): which ACME CA, the account, and how renewals retry.</summary>
public sealed record AcmeOptions
{
    public const string LetsEncrypt = "https://acme-v02.api.letsencrypt.org/directory";
    /// <summary>Let's Encrypt's staging CA: untrusted certificates, higher rate limits; for trying a set-up.</summary>
    public const string LetsEncryptStaging = "https://acme-staging-v02.api.letsencrypt.org/directory";

    /// <summary>The CA's ACME directory URL (serve --acme-directory).</summary>
    public string DirectoryUrl { get; init; } = LetsEncrypt;
    /// <summary>The account's contact (serve --acme-email); the CA writes there about expiring certificates.</summary>
    public string? Email { get; init; }
    /// <summary>PEM file of CAs trusted for the ACME server's HTTPS: private or test CAs (--acme-ca-file).</summary>
    public string? CaFile { get; init; }
    /// <summary>The ACME client's executable.</summary>
    public string Lego { get; init; } = "lego";
    /// <summary>The wait after a failed attempt; each failure in a row doubles it, up to the cap.</summary>
    public TimeSpan RetryInitial { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan RetryCap { get; init; } = TimeSpan.FromHours(6);
    /// <summary>An attempt (account, order, challenge, certificate) taking longer is stopped and fails.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>What is wrong with these options, said so that the admin can fix it; null when nothing.</summary>
    public string? Problem()
    {
        if (!Uri.TryCreate(DirectoryUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            return $"--acme-directory '{DirectoryUrl}' is not an ACME directory URL like {LetsEncrypt}";
        if (Email is not null && (Email.Length > 254 || !Email.Contains('@') || Email.Any(c => char.IsWhiteSpace(c))))
            return $"--acme-email '{Email}' is not an e-mail address like ops@example.com";
        if (CaFile is not null && !File.Exists(CaFile))
            return $"--acme-ca-file {CaFile} does not exist: give a PEM file of the CA certificates to trust";
        return null;
    }
}

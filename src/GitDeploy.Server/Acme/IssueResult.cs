namespace GitDeploy.Server.Acme;

/// <summary>
/// An attempt to obtain a certificate: the certificate with its chain (PEM, leaf first) and its
/// private key (PEM), or why not, worded for the admin.
/// </summary>
public sealed record IssueResult(string? ChainPem, string? KeyPem, string? Error)
{
    public static IssueResult Issued(string chainPem, string keyPem) => new(chainPem, keyPem, null);
    public static IssueResult Failed(string error) => new(null, null, error);
}

namespace GitDeploy.Server.Acme;

/// <summary>Obtains a certificate for one domain from the ACME CA (<see cref="LegoIssuer"/>).</summary>
public interface ICertificateIssuer
{
    /// <summary>Why this server can obtain no certificate at all (no client, no account e-mail), or null.</summary>
    string? Problem();

    Task<IssueResult> IssueAsync(string domain, CancellationToken ct);
}

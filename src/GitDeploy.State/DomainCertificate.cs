namespace GitDeploy.State;

/// <summary>
/// What the server knows of a domain's automatic (ACME) certificate: the one it serves (issuer,
/// validity), the last failure to obtain one, and when it tries again.
/// </summary>
public sealed record DomainCertificate(
    string Domain, string? Issuer, DateTimeOffset? NotBefore, DateTimeOffset? NotAfter, DateTimeOffset? ObtainedAt,
    string? LastError, DateTimeOffset? LastErrorAt, int Failures, DateTimeOffset? RetryAt);

namespace GitDeploy.Server.Acme;

/// <summary>
/// The renewal loop asleep: the <paramref name="Number"/>-th time since it started, at the clock's
/// <paramref name="Since"/>, until the attempt for <paramref name="Domain"/> is due at <paramref name="Due"/>
/// (both null when no domain is automatic) or a change wakes it.
/// </summary>
public sealed record RenewalWait(long Number, string? Domain, DateTimeOffset? Due, DateTimeOffset Since);

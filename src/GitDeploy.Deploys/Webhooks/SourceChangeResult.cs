using GitDeploy.State;

namespace GitDeploy.Deploys.Webhooks;

public sealed record SourceChangeResult(SourceRecord? Record, string? Error, bool SecretGenerated = false);

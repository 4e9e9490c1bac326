namespace GitDeploy.Server.Dashboard.Views;

/// <summary>Where webhook deploys fetch from: never the secret or the credentials.</summary>
public sealed record SourceView(string Provider, string Url, string Branches, string WebhookUrl, bool HasCredentials);

namespace GitDeploy.Deploys.Webhooks;

public enum WebhookEventKind
{
    Ping,
    Push,
    Other,
}

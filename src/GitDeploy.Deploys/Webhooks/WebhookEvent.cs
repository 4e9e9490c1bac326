namespace GitDeploy.Deploys.Webhooks;

/// <summary>What a delivery says, whichever provider sent it. <see cref="After"/> is a lowercase commit id.</summary>
public sealed record WebhookEvent(
    WebhookEventKind Kind,
    string Name,
    string? Ref = null,
    string? After = null,
    bool Deleted = false,
    string Actor = ""
);

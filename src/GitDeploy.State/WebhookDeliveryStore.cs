using Dapper;

namespace GitDeploy.State;

/// <summary>
/// Webhook deliveries already handled, by the provider's delivery id, so a redelivered or replayed
/// one deploys nothing twice. Rows older than <see cref="Retention"/> are dropped as new ones come.
/// </summary>
public sealed class WebhookDeliveryStore(Database db, TimeProvider clock)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);
    public const string Handling = "handling";

    /// <summary>Records a delivery as being handled; false when that id was seen before.</summary>
    public bool TryBegin(string app, string deliveryId, string provider)
    {
        var now = clock.GetUtcNow();
        using var c = db.Open();
        c.Execute(
            "DELETE FROM webhook_deliveries WHERE received_at < @cutoff",
            new { cutoff = Clock.Iso(now - Retention) }
        );
        return c.Execute(
                "INSERT INTO webhook_deliveries (app, delivery_id, provider, "
                    + "received_at, outcome) VALUES (@app, @deliveryId, @provider, "
                    + "@now, @outcome) ON CONFLICT DO NOTHING",
                new
                {
                    app,
                    deliveryId,
                    provider,
                    now = Clock.Iso(now),
                    outcome = Handling,
                }
            ) == 1;
    }

    public DeliveryRecord? Find(string app, string deliveryId)
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<DeliveryRecord>(
            "SELECT app, delivery_id AS DeliveryId, provider, received_at "
                + "AS ReceivedAt, deploy_id AS DeployId, outcome FROM webhook_deliveries "
                + "WHERE app = @app AND delivery_id = @deliveryId",
            new { app, deliveryId }
        );
    }

    public void Finish(string app, string deliveryId, long? deployId, string outcome)
    {
        using var c = db.Open();
        c.Execute(
            "UPDATE webhook_deliveries SET deploy_id = @deployId, outcome "
                + "= @outcome WHERE app = @app AND delivery_id = @deliveryId",
            new
            {
                app,
                deliveryId,
                deployId,
                outcome,
            }
        );
    }

    /// <summary>Drops a delivery whose handling failed, so that the provider's redelivery is tried again.</summary>
    public void Forget(string app, string deliveryId)
    {
        using var c = db.Open();
        c.Execute(
            "DELETE FROM webhook_deliveries WHERE app = @app AND delivery_id = @deliveryId",
            new { app, deliveryId }
        );
    }

    /// <summary>
    /// A webhook deploy that waits in the queue targets the newest commit delivered meanwhile
    /// (bursts coalesce), so its row follows: the deploy resource always names what it builds.
    /// </summary>
    public void SetDeployCommit(long deployId, string commit)
    {
        using var c = db.Open();
        c.Execute("UPDATE deploys SET commit_sha = @commit WHERE id = @deployId", new { deployId, commit });
    }
}

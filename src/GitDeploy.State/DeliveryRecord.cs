namespace GitDeploy.State;

public sealed record DeliveryRecord(
    string App,
    string DeliveryId,
    string Provider,
    string ReceivedAt,
    long? DeployId,
    string Outcome
);

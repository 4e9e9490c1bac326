namespace GitDeploy.Deploys.Webhooks;

public enum SubmitOutcome
{
    Started,
    Coalesced,
    AlreadyLive,
}

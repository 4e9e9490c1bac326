using System.Diagnostics;
using GitDeploy.Build.Pipeline;
using GitDeploy.Deploys.Queue;
using GitDeploy.State;

namespace GitDeploy.Deploys.Webhooks;

public enum SubmitOutcome
{
    Started,
    Coalesced,
    AlreadyLive,
}

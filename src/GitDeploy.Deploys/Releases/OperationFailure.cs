namespace GitDeploy.Deploys.Releases;

/// <summary>Why a release operation did not happen, for the caller to answer in its own terms (HTTP, CLI).</summary>
public enum OperationFailure
{
    None,
    /// <summary>No such app or release.</summary>
    NotFound,
    /// <summary>A value the operation cannot take (the message says which).</summary>
    Invalid,
    /// <summary>The release existed but its artifact was pruned.</summary>
    Pruned,
    /// <summary>Nothing is live where the operation needs a release.</summary>
    NothingLive,
    /// <summary>It was tried and the new instances did not start; the live release keeps serving.</summary>
    StartFailed,
}

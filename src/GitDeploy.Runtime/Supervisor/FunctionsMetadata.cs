namespace GitDeploy.Runtime.Supervisor;

/// <summary>
/// After an instance starts, Cloud Engine reads <c>/1.1/functions/_ops/metadatas</c> with the master
/// key: <see cref="Optional"/> notes the answer (404: no functions), <see cref="Required"/>
/// (functionsMode: strict) fails the start without a 2xx, <see cref="Skip"/> (disabled) never asks.
/// </summary>
public enum FunctionsMetadata { Optional, Required, Skip }

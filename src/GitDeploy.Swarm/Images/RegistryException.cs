namespace GitDeploy.Swarm;

/// <summary>The registry could not be reached or refused a step; the message says which and what to do.</summary>
public sealed class RegistryException(string message) : Exception(message);

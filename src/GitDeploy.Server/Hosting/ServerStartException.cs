namespace GitDeploy.Server.Hosting;

/// <summary>The server cannot start as configured; the message says why and what to do.</summary>
public sealed class ServerStartException(string message) : Exception(message);

namespace GitDeploy.Commands;

internal sealed class CliException(string message) : Exception(message);

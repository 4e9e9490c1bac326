namespace GitDeploy.Tests.Infrastructure;

public sealed record CliResult(int Exit, string Out, string Err);

using System.CommandLine;
using GitDeploy.Commands;

// The gitdeploy executable: `serve` runs the server; every other command is a client of its API.
var root = new RootCommand("GitDeploy: git push to deploy Python web apps, the way LeanCloud Cloud Engine runs them.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(AppsCommand.Create());
root.Subcommands.Add(ReleasesCommand.Create());
root.Subcommands.Add(DeploysCommand.Create());
SourceCommand.AddTo(root);
return await root.Parse(args).InvokeAsync();

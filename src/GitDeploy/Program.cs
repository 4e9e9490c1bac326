using System.CommandLine;
using GitDeploy.Commands;

// The gitdeploy executable: `serve` runs the server; every other command is a client of its API.
if (args.FirstOrDefault() == "serve") GitDeploy.Server.Hosting.IoThreads.PreferInline();
var root = new RootCommand("GitDeploy: git push to deploy Python web apps, the way LeanCloud Cloud Engine runs them.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(AppsCommand.Create());
root.Subcommands.Add(ReleasesCommand.Create());
root.Subcommands.Add(DeploysCommand.Create());
root.Subcommands.Add(InstancesCommands.Ps());
root.Subcommands.Add(InstancesCommands.Scale());
root.Subcommands.Add(InstancesCommands.Restart());
root.Subcommands.Add(LogsCommand.Create());
root.Subcommands.Add(ReleaseOperationCommands.Rollback());
root.Subcommands.Add(ReleaseOperationCommands.Promote());
root.Subcommands.Add(ReleaseOperationCommands.Deploy());
root.Subcommands.Add(ConfigCommand.Create());
root.Subcommands.Add(AccessCommands.Tokens());
root.Subcommands.Add(AccessCommands.History());
root.Subcommands.Add(DomainsCommand.Create());
root.Subcommands.Add(BackupCommands.Backup());
root.Subcommands.Add(BackupCommands.Restore());
SourceCommand.AddTo(root);
return await root.Parse(args).InvokeAsync();

using System.CommandLine;

namespace GitDeploy.Commands;

/// <summary>config set|unset|list: the app's own environment variables.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var cmd = new Command(
            "config",
            "An app's own environment variables, per environment (take "
                + "effect at the next deploy, rollback or restart)."
        );

        var listApp = new Argument<string>("app");
        var list = new Command("list", "Print the variables.") { listApp, Output.Env, Output.Json };
        Output.Action(
            list,
            async (p, c) =>
            {
                var env = p.GetValue(Output.Env);
                var (_, json) = await c.SendAsync(
                    HttpMethod.Get,
                    $"api/apps/{p.GetValue(listApp)}/config" + (env is null ? "" : $"?env={Uri.EscapeDataString(env)}")
                );
                Output.Print(
                    p,
                    json,
                    j =>
                    {
                        foreach (var v in j.EnumerateObject())
                            Console.WriteLine($"{v.Name}={v.Value.GetString()}");
                    }
                );
            }
        );

        var setApp = new Argument<string>("app");
        var pairs = new Argument<string[]>("pairs") { Description = "NAME=VALUE ...", Arity = ArgumentArity.OneOrMore };
        var restart = new Option<bool>("--restart")
        {
            Description = "restart the live release now so the change applies at once",
        };
        var set = new Command("set", "Set variables.") { setApp, pairs, Output.Env, restart, Output.Json };
        Output.Action(
            set,
            async (p, c) =>
            {
                var values = Output.Pairs(p.GetValue(pairs)!, pair => $"'{pair}' is not NAME=VALUE");
                var (_, json) = await c.SendAsync(
                    HttpMethod.Patch,
                    $"api/apps/{p.GetValue(setApp)}/config",
                    new
                    {
                        env = p.GetValue(Output.Env),
                        set = values,
                        restart = p.GetValue(restart),
                    }
                );
                Output.Print(
                    p,
                    json,
                    j => Console.WriteLine($"Set {j.Str("set")} on {j.Str("env")}: {j.Str("note")}.")
                );
            }
        );

        var unsetApp = new Argument<string>("app");
        var names = new Argument<string[]>("names") { Arity = ArgumentArity.OneOrMore };
        var unset = new Command("unset", "Remove variables.") { unsetApp, names, Output.Env, restart, Output.Json };
        Output.Action(
            unset,
            async (p, c) =>
            {
                var (_, json) = await c.SendAsync(
                    HttpMethod.Patch,
                    $"api/apps/{p.GetValue(unsetApp)}/config",
                    new
                    {
                        env = p.GetValue(Output.Env),
                        unset = p.GetValue(names),
                        restart = p.GetValue(restart),
                    }
                );
                Output.Print(
                    p,
                    json,
                    j => Console.WriteLine($"Unset {j.Str("unset")} on {j.Str("env")}: {j.Str("note")}.")
                );
            }
        );

        cmd.Subcommands.Add(set);
        cmd.Subcommands.Add(unset);
        cmd.Subcommands.Add(list);
        return cmd;
    }
}

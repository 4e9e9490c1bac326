using System.CommandLine;

namespace GitDeploy.Commands;

internal static class AppsCommand
{
    public static Command Create()
    {
        var apps = new Command("apps", "Create, list, show and destroy apps.");

        var name = new Argument<string>("name")
        {
            Description = "app name: a lowercase letter, then lowercase letters, digits or '-' (at most 40)",
        };
        var create = new Command("create", "Create an app and its git repository.") { name, Output.Json };
        Output.Action(
            create,
            async (p, c) =>
            {
                var (_, json) = await c.SendAsync(HttpMethod.Post, "api/apps", new { name = p.GetValue(name) });
                Output.Print(
                    p,
                    json,
                    j =>
                        Console.WriteLine(
                            $"Created {j.Str("name")}. Deploy it with:\n"
                                + $"  git remote add engine {j.Str("gitUrl")}\n  git push engine main"
                        )
                );
            }
        );

        var list = new Command("list", "List apps and their live versions.") { Output.Json };
        Output.Action(
            list,
            async (p, c) =>
            {
                var (_, json) = await c.SendAsync(HttpMethod.Get, "api/apps");
                Output.Print(
                    p,
                    json,
                    j =>
                        Output.Table(
                            j.As<GitDeploy.Server.Api.Contracts.AppView[]>()
                                .Select(a => new[] { a.Name, a.Production ?? "-", a.Stage ?? "-", a.CreatedAt }),
                            "NAME",
                            "PRODUCTION",
                            "STAGE",
                            "CREATED"
                        )
                );
            }
        );

        var infoName = new Argument<string>("name");
        var info = new Command("info", "Show one app.") { infoName, Output.Json };
        Output.Action(
            info,
            async (p, c) =>
            {
                var (_, json) = await c.SendAsync(HttpMethod.Get, $"api/apps/{p.GetValue(infoName)}");
                var (_, volumes) = await c.SendAsync(HttpMethod.Get, $"api/apps/{p.GetValue(infoName)}/persistent");
                Output.Print(
                    p,
                    json,
                    j =>
                    {
                        foreach (var prop in j.EnumerateObject())
                            Console.WriteLine($"{prop.Name, -12} {prop.Value}");
                        foreach (var env in volumes.EnumerateObject())
                            Console.WriteLine($"{"persistent", -12} {PersistentLine(env.Name, env.Value)}");
                    }
                );
            }
        );

        var destroyName = new Argument<string>("name");
        var confirm = new Option<string>("--confirm") { Description = "the app's name again, to confirm" };
        var destroy = new Command("destroy", "Stop an app and delete its repository, releases and logs.")
        {
            destroyName,
            confirm,
            Output.Json,
        };
        Output.Action(
            destroy,
            async (p, c) =>
            {
                var app = p.GetValue(destroyName)!;
                if (p.GetValue(confirm) != app && Console.IsInputRedirected)
                    throw new CliException(
                        $"destroying {app} needs confirmation: pass --confirm {app}; nothing was deleted"
                    );
                if (p.GetValue(confirm) != app)
                {
                    Console.Write(
                        $"This deletes {app}'s repository, releases and logs. Type the app name to confirm: "
                    );
                    if (Console.ReadLine()?.Trim() != app)
                        throw new CliException(
                            "not confirmed; nothing was deleted (pass --confirm APP to skip the question)"
                        );
                }
                var (_, json) = await c.SendAsync(HttpMethod.Delete, $"api/apps/{app}");
                Output.Print(p, json, _ => Console.WriteLine($"Destroyed {app}."));
            }
        );

        var setName = new Argument<string>("name");
        var branch = new Option<string[]>("--branch")
        {
            Description = "BRANCH=ENV: pushes of BRANCH deploy to ENV (production, stage, or none)",
            AllowMultipleArgumentsPerToken = false,
        };
        var strict = new Option<string?>("--strict-push")
        {
            Description =
                "on: every push builds and starts its release before the "
                + "branch moves (as git push -o strict=true)",
        };
        strict.AcceptOnlyFromAmong("on", "off");
        var target = new Option<string?>("--target")
        {
            Description =
                "where its instances run: local (this server, the default) "
                + "or swarm (the server's Docker Swarm cluster)",
        };
        target.AcceptOnlyFromAmong("local", "swarm");
        var set = new Command(
            "set",
            "Change an app's settings: which branch deploys where, strict pushes, release target."
        )
        {
            setName,
            branch,
            strict,
            target,
            Output.Json,
        };
        Output.Action(
            set,
            async (p, c) =>
            {
                var branches = p.GetValue(branch) ?? [];
                var strictPush = p.GetValue(strict);
                var chosen = p.GetValue(target);
                if (branches.Length == 0 && strictPush is null && chosen is null)
                    throw new CliException(
                        "nothing to change: give --branch BRANCH=ENV, --strict-push on|off or --target local|swarm"
                    );
                var map = Output.Pairs(branches, pair => $"--branch takes BRANCH=ENV, not '{pair}'");
                var body = new
                {
                    branches = branches.Length == 0 ? null : map,
                    strictPush = strictPush is null ? (bool?)null : strictPush == "on",
                    target = chosen,
                };
                var (_, json) = await c.SendAsync(HttpMethod.Patch, $"api/apps/{p.GetValue(setName)}", body);
                Output.Print(
                    p,
                    json,
                    j =>
                    {
                        foreach (var b in j.GetProperty("branches").EnumerateObject())
                            Console.WriteLine($"{b.Name} → {b.Value.GetString()}");
                        Console.WriteLine($"strict push: {(j.GetProperty("strictPush").GetBoolean() ? "on" : "off")}");
                        Console.WriteLine($"target: {j.Str("target")}");
                        if (
                            j.TryGetProperty("note", out var note)
                            && note.ValueKind == System.Text.Json.JsonValueKind.String
                        )
                            Console.WriteLine(note.GetString());
                    }
                );
            }
        );

        var pName = new Argument<string>("name");
        var pQuota = new Argument<string?>("quota")
        {
            Description = "a quota such as 1G or 512M, on (1 GB), or off; none: show it",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var persistent = new Command(
            "persistent",
            "The environment's persistent directory ($PERSISTENT_DIR): "
                + "kept across deploys and restarts, shared by its instances."
        )
        {
            pName,
            pQuota,
            Output.Env,
            Output.Json,
        };
        Output.Action(
            persistent,
            async (p, c) =>
            {
                var app = p.GetValue(pName)!;
                var env = p.GetValue(Output.Env) ?? "production";
                var (_, json) = p.GetValue(pQuota) is { } quota
                    ? await c.SendAsync(HttpMethod.Patch, $"api/apps/{app}/persistent", new { env, quota })
                    : await c.SendAsync(HttpMethod.Get, $"api/apps/{app}/persistent");
                Output.Print(
                    p,
                    json,
                    j =>
                    {
                        var e = j.TryGetProperty("persistent", out var one) ? one : j.GetProperty(env);
                        Console.WriteLine(PersistentLine(env, e));
                        if (j.TryGetProperty("note", out var note))
                            Console.WriteLine(note.GetString());
                    }
                );
            }
        );

        apps.Subcommands.Add(create);
        apps.Subcommands.Add(persistent);
        apps.Subcommands.Add(set);
        apps.Subcommands.Add(list);
        apps.Subcommands.Add(info);
        apps.Subcommands.Add(destroy);
        return apps;
    }

    private static string PersistentLine(string env, System.Text.Json.JsonElement e)
    {
        if (!e.GetProperty("enabled").GetBoolean())
            return $"{env}: none (gitdeploy apps persistent APP on --env {env})";
        static string Mib(System.Text.Json.JsonElement v) =>
            v.ValueKind == System.Text.Json.JsonValueKind.Number ? $"{v.GetInt64() >> 20} MiB" : "-";
        var used = Mib(e.GetProperty("usedBytes"));
        return $"{env}: {used} used of {Mib(e.GetProperty("quotaBytes"))}, at $PERSISTENT_DIR";
    }
}

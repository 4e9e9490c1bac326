using System.CommandLine;

namespace GitDeploy.Commands;

/// <summary>tokens create|list|revoke and history.</summary>
internal static class AccessCommands
{
    public static Command Tokens()
    {
        var cmd = new Command("tokens", "API tokens with roles: admin, deployer, release-manager, viewer, metrics.");
        var name = new Option<string>("--name")
        {
            Required = true,
            Description = "who or what uses it (shown in history)",
        };
        var role = new Option<string>("--role")
        {
            Required = true,
            Description =
                "admin (everything), deployer (push, deploy, logs), release-manager (rollback, promote, "
                + "restart, scale, config, logs), viewer (read only), metrics (only GET /metrics, for Prometheus)",
        };
        var app = new Option<string>("--app") { Description = "limit the token to one app" };
        var create = new Command("create", "Create a token; it is shown once.") { name, role, app, Output.Json };
        Output.Action(
            create,
            async (p, c) =>
            {
                var (_, json) = await c.SendAsync(
                    HttpMethod.Post,
                    "api/tokens",
                    new
                    {
                        name = p.GetValue(name),
                        role = p.GetValue(role),
                        app = p.GetValue(app),
                    }
                );
                Output.Print(
                    p,
                    json,
                    j =>
                        Console.WriteLine(
                            $"Token {j.Str("name")} ({j.Str("role")}"
                                + (j.Str("app") == "-" ? "" : " for " + j.Str("app"))
                                + $"), shown once:\n{j.Str("token")}"
                        )
                );
            }
        );
        var list = new Command("list", "List tokens (never their secrets).") { Output.Json };
        Output.Action(
            list,
            async (p, c) =>
            {
                var (_, json) = await c.SendAsync(HttpMethod.Get, "api/tokens");
                Output.Print(
                    p,
                    json,
                    j =>
                        Output.Table(
                            j.EnumerateArray()
                                .Select(t =>
                                    new[]
                                    {
                                        t.Str("name"),
                                        t.Str("role"),
                                        t.Str("app"),
                                        t.Str("createdBy"),
                                        t.Str("createdAt"),
                                    }
                                ),
                            "NAME",
                            "ROLE",
                            "APP",
                            "BY",
                            "CREATED"
                        )
                );
            }
        );
        var revokeName = new Argument<string>("name");
        var revoke = new Command("revoke", "Delete a token.") { revokeName, Output.Json };
        Output.Action(
            revoke,
            async (p, c) =>
            {
                var (_, json) = await c.SendAsync(
                    HttpMethod.Delete,
                    $"api/tokens/{Uri.EscapeDataString(p.GetValue(revokeName)!)}"
                );
                Output.Print(p, json, _ => Console.WriteLine($"Revoked {p.GetValue(revokeName)}."));
            }
        );
        cmd.Subcommands.Add(create);
        cmd.Subcommands.Add(list);
        cmd.Subcommands.Add(revoke);
        return cmd;
    }

    public static Command History()
    {
        var app = new Argument<string>("app") { Description = "an app, or '*' for server-wide changes (tokens)" };
        var n = new Option<int?>("-n") { Description = "how many entries (default 100)" };
        var cmd = new Command(
            "history",
            "Every change to an app: deploys, rollbacks, promotions, "
                + "restarts, config, scale, tokens; who and when."
        )
        {
            app,
            n,
            Output.Json,
        };
        Output.Action(
            cmd,
            async (p, c) =>
            {
                var (_, json) = await c.SendAsync(
                    HttpMethod.Get,
                    $"api/apps/{Uri.EscapeDataString(p.GetValue(app)!)}/history?n={p.GetValue(n) ?? 100}"
                );
                Output.Print(
                    p,
                    json,
                    j =>
                        Output.Table(
                            j.EnumerateArray()
                                .Select(h =>
                                    new[]
                                    {
                                        h.Str("at"),
                                        h.Str("env"),
                                        h.Str("action"),
                                        h.Str("actor"),
                                        h.Str("detail"),
                                    }
                                ),
                            "WHEN",
                            "ENV",
                            "ACTION",
                            "BY",
                            "DETAIL"
                        )
                );
            }
        );
        return cmd;
    }
}

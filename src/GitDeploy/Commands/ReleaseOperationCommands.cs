using System.CommandLine;
using System.Text.Json;

namespace GitDeploy.Commands;

/// <summary>rollback, promote, deploy --ref: moving environments between versions.</summary>
internal static class ReleaseOperationCommands
{
    public static Command Rollback()
    {
        var app = new Argument<string>("app");
        var tag = new Argument<string>("tag")
        {
            Description = "the release to go back (or forward) to; see `gitdeploy releases APP`",
        };
        var withConfig = new Option<bool>("--with-config")
        {
            Description = "also restore the config variables that release ran with",
        };
        var cmd = new Command("rollback", "Serve a stored release again: no build, no pip, zero downtime.")
        {
            app,
            tag,
            Output.Env,
            withConfig,
            Output.Json,
        };
        Output.Action(
            cmd,
            async (p, c) =>
            {
                var (_, json) = await c.SendAsync(
                    HttpMethod.Post,
                    $"api/apps/{p.GetValue(app)}/rollback",
                    new
                    {
                        tag = p.GetValue(tag),
                        env = p.GetValue(Output.Env),
                        withConfig = p.GetValue(withConfig),
                    }
                );
                Output.Print(p, json, PrintOperation);
            }
        );
        return cmd;
    }

    public static Command Promote()
    {
        var app = new Argument<string>("app");
        var cmd = new Command(
            "promote",
            "Serve stage's live release on production (the same artifact, production's config)."
        )
        {
            app,
            Output.Json,
        };
        Output.Action(
            cmd,
            async (p, c) =>
            {
                var (_, json) = await c.SendAsync(HttpMethod.Post, $"api/apps/{p.GetValue(app)}/promote");
                Output.Print(p, json, PrintOperation);
            }
        );
        return cmd;
    }

    public static Command Deploy()
    {
        var app = new Argument<string>("app");
        var gitRef = new Option<string>("--ref")
        {
            Description = "a branch, tag or commit already in the app's repository",
            Required = true,
        };
        var cmd = new Command(
            "deploy",
            "Build and deploy a branch, tag or commit of the app's repository; prints the build as it runs."
        )
        {
            app,
            gitRef,
            Output.Env,
            Output.Json,
        };
        Output.Action(
            cmd,
            async (p, c, ct) =>
            {
                var name = p.GetValue(app);
                var (_, json) = await c.SendAsync(
                    HttpMethod.Post,
                    $"api/apps/{name}/deploys",
                    new { @ref = p.GetValue(gitRef), env = p.GetValue(Output.Env) }
                );
                if (p.GetValue(Output.Json))
                {
                    Output.Print(p, json, _ => { });
                    return;
                }
                var id = json.Str("id");
                Console.WriteLine(
                    $"Deploy #{id} of {name} ({json.Str("env")}), {p.GetValue(gitRef)} at {json.Str("commit")[..7]}"
                );
                await c.StreamLinesAsync($"api/apps/{name}/deploys/{id}/log?follow=true", Console.WriteLine, ct);
                var (_, final) = await c.SendAsync(HttpMethod.Get, $"api/apps/{name}/deploys/{id}");
                if (final.Str("status") != "succeeded")
                    throw new CliException($"deploy #{id} {final.Str("status")}: {final.Str("error")}");
            }
        );
        return cmd;
    }

    internal static void PrintOperation(JsonElement j)
    {
        if (j.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array)
            foreach (var e in events.EnumerateArray())
                Console.WriteLine("-----> " + e.GetString());
        Console.WriteLine(j.Str("message"));
    }
}

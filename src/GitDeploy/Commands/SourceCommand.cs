using System.CommandLine;
using System.Text.Json;

namespace GitDeploy.Commands;

/// <summary><c>gitdeploy apps source APP [...]</c>: show or set where an app's code is hosted, and the webhook to paste
/// there.</summary>
internal static class SourceCommand
{
    /// <summary>Adds <c>source</c> under <c>apps</c>.</summary>
    public static void AddTo(RootCommand root) =>
        root.Subcommands.First(c => c.Name == "apps").Subcommands.Add(Create());

    public static Command Create()
    {
        var app = new Argument<string>("app");
        var url = new Option<string>("--url")
        {
            Description =
                "the repository to fetch from: https://…, http://… or file:///… "
                + "(user info in it becomes the credentials)",
        };
        var branch = new Option<string[]>("--branch")
        {
            Description =
                "BRANCH=ENV, repeatable; replaces the mapping (default: main=production "
                + "master=production stage=stage)",
        };
        var provider = new Option<string>("--provider")
        {
            Description =
                "github, gitlab, gitea or generic (a deploy URL with the "
                + "secret in it); default: guessed from the URL",
        };
        var secret = new Option<string>("--secret") { Description = "the webhook secret (16 characters or more)" };
        var generate = new Option<bool>("--generate-secret")
        {
            Description = "make a new random secret (also done when the first settings have none)",
        };
        var credentials = new Option<string>("--credentials")
        {
            Description =
                "TOKEN or USER:TOKEN for a private repository; '-' reads "
                + "it from stdin, '' removes it. Never shown again",
        };
        var remove = new Option<bool>("--remove")
        {
            Description = "forget the source; webhooks for this app are then refused",
        };
        var cmd = new Command(
            "source",
            "Show or set where an app's code is hosted, for deploys by GitHub, GitLab or Gitea push webhooks."
        )
        {
            app,
            url,
            branch,
            provider,
            secret,
            generate,
            credentials,
            remove,
            Output.Json,
        };
        Output.Action(
            cmd,
            async (p, c) =>
            {
                var name = p.GetValue(app)!;
                if (p.GetValue(remove))
                {
                    var (_, removed) = await c.SendAsync(HttpMethod.Delete, $"api/apps/{name}/source");
                    Output.Print(
                        p,
                        removed,
                        _ => Console.WriteLine($"{name} has no source repository now; its webhooks are refused.")
                    );
                    return;
                }
                var creds = p.GetValue(credentials);
                if (creds == "-")
                    creds = Console.In.ReadLine()?.Trim() ?? "";
                var branches = p.GetValue(branch);
                var changing =
                    p.GetValue(url) is not null
                    || branches is { Length: > 0 }
                    || p.GetValue(provider) is not null
                    || p.GetValue(secret) is not null
                    || p.GetValue(generate)
                    || creds is not null;
                var (_, json) = changing
                    ? await c.SendAsync(
                        HttpMethod.Put,
                        $"api/apps/{name}/source",
                        new
                        {
                            url = p.GetValue(url),
                            provider = p.GetValue(provider),
                            branches,
                            secret = p.GetValue(secret),
                            generateSecret = p.GetValue(generate),
                            credentials = creds,
                        }
                    )
                    : await c.SendAsync(HttpMethod.Get, $"api/apps/{name}/source");
                Output.Print(p, json, Show);
            }
        );
        return cmd;
    }

    private static void Show(JsonElement j)
    {
        Console.WriteLine($"Source of {j.Str("app")}");
        Console.WriteLine($"  url          {j.Str("url")}");
        Console.WriteLine($"  provider     {j.Str("provider")}");
        Console.WriteLine(
            $"  branches     {string.Join(", ", j.GetProperty("branches").EnumerateArray().Select(b => b.GetString()))}"
        );
        Console.WriteLine($"  credentials  {j.Str("credentials")}");
        Console.WriteLine("Webhook");
        Console.WriteLine($"  URL          {j.Str("webhookUrl")}");
        if (j.Str("secret") != "-")
            Console.WriteLine($"  secret       {j.Str("secret")}");
        if (j.TryGetProperty("secretGenerated", out var g) && g.GetBoolean())
            Console.WriteLine("  (a new secret was generated: paste it into the webhook's settings)");
        Console.WriteLine($"  {j.Str("howTo")}");
        if (Uri.TryCreate(j.Str("webhookUrl"), UriKind.Absolute, out var u) && u.IsLoopback)
            Console.WriteLine($"  Note: {u.Authority} is this machine; use an address the provider can reach.");
    }
}

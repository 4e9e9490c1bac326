using System.CommandLine;

namespace GitDeploy.Commands;

/// <summary>domains add|remove|list|set: custom domains of an app.</summary>
internal static class DomainsCommand
{
    public static Command Create()
    {
        var cmd = new Command("domains", "Custom domains: each belongs to one app; stg-… domains bind to stage. APP.DOMAIN always works.");

        var addApp = new Argument<string>("app");
        var addDomain = new Argument<string>("domain");
        var force = new Option<bool>("--force-https") { Description = "redirect http:// requests to https:// (301, path kept)" };
        var add = new Command("add", "Route a domain to the app.") { addApp, addDomain, Output.Env, force, Output.Json };
        Output.Action(add, async (p, c) =>
        {
            var (_, json) = await c.SendAsync(HttpMethod.Post, $"api/apps/{p.GetValue(addApp)}/domains", new { domain = p.GetValue(addDomain), env = p.GetValue(Output.Env), forceHttps = p.GetValue(force) });
            Output.Print(p, json, j => Console.WriteLine($"{j.Str("domain")} → {j.Str("app")} ({j.Str("env")}){(j.Str("forceHttps") == "True" ? ", HTTPS forced" : "")}. Point its DNS at this server."));
        });

        var setApp = new Argument<string>("app");
        var setDomain = new Argument<string>("domain");
        var forceValue = new Option<bool>("--force-https") { Description = "true or false", Required = true };
        var set = new Command("set", "Change a domain's settings.") { setApp, setDomain, forceValue, Output.Json };
        Output.Action(set, async (p, c) =>
        {
            var (_, json) = await c.SendAsync(HttpMethod.Patch, $"api/apps/{p.GetValue(setApp)}/domains/{p.GetValue(setDomain)}", new { forceHttps = p.GetValue(forceValue) });
            Output.Print(p, json, j => Console.WriteLine($"{j.Str("domain")}: force HTTPS {(j.Str("forceHttps") == "True" ? "on" : "off")}."));
        });

        var rmApp = new Argument<string>("app");
        var rmDomain = new Argument<string>("domain");
        var remove = new Command("remove", "Stop routing a domain to the app.") { rmApp, rmDomain, Output.Json };
        Output.Action(remove, async (p, c) =>
        {
            var (_, json) = await c.SendAsync(HttpMethod.Delete, $"api/apps/{p.GetValue(rmApp)}/domains/{p.GetValue(rmDomain)}");
            Output.Print(p, json, _ => Console.WriteLine($"Removed {p.GetValue(rmDomain)}."));
        });

        var listApp = new Argument<string>("app");
        var list = new Command("list", "List the app's domains.") { listApp, Output.Json };
        Output.Action(list, async (p, c) =>
        {
            var (_, json) = await c.SendAsync(HttpMethod.Get, $"api/apps/{p.GetValue(listApp)}/domains");
            Output.Print(p, json, j => Output.Table(j.EnumerateArray().Select(d => new[] { d.Str("domain"), d.Str("env"), d.Str("forceHttps") == "True" ? "yes" : "no", d.Str("createdAt") }), "DOMAIN", "ENV", "FORCE HTTPS", "ADDED"));
        });

        cmd.Subcommands.Add(add);
        cmd.Subcommands.Add(remove);
        cmd.Subcommands.Add(list);
        cmd.Subcommands.Add(set);
        return cmd;
    }
}

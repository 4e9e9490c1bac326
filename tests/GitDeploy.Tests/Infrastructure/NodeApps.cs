using CliWrap;
using CliWrap.Buffered;

namespace GitDeploy.Tests.Infrastructure;

/// <summary>Node.js fixture apps: Express from npm, and one with no dependencies at all.</summary>
public static class NodeApps
{
    public const string ExpressServer = """
        const express = require('express');
        const app = express();
        const version = require('express/package.json').version;
        const tag = process.env.LEANCLOUD_VERSION_TAG;
        app.get('/', (req, res) => res.type('text').send(`express ${version} says hi from ${tag}\n`));
        app.get('/env/:name', (req, res) => res.type('text').send(process.env[req.params.name] ?? '<unset>'));
        app.listen(process.env.LEANCLOUD_APP_PORT || 3000);
        """;

    /// <summary>Express from the npm registry, started by scripts.start.</summary>
    public static void Express(string dir) => SampleApps.Write(dir, new Dictionary<string, string>
    {
        ["package.json"] = """
            {
              "name": "hello-express",
              "version": "1.0.0",
              "private": true,
              "scripts": { "start": "node server.js" },
              "engines": { "node": ">=18" },
              "dependencies": { "express": "^4.21.2" }
            }
            """,
        ["server.js"] = ExpressServer,
    });

    /// <summary>node's http module only; no scripts.start, so the default start is node server.js.</summary>
    public static void Plain(string dir, string packageJson = """{"name": "plain-node", "version": "1.0.0"}""") =>
        SampleApps.Write(dir, new Dictionary<string, string>
        {
            ["package.json"] = packageJson,
            ["server.js"] = """
                const http = require('http');
                http.createServer((req, res) => {
                  res.setHeader('Content-Type', 'text/plain');
                  res.end(`plain node ${process.version} ${process.env.LEANCLOUD_VERSION_TAG}\n`);
                }).listen(process.env.LEANCLOUD_APP_PORT);
                """,
        });

    /// <summary>Writes package-lock.json as a developer would, with the real npm and registry.</summary>
    public static async Task LockAsync(string dir)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var r = await Cli.Wrap("npm").WithArguments(["install", "--package-lock-only", "--no-audit", "--no-fund"])
            .WithWorkingDirectory(dir)
            .WithEnvironmentVariables(e => e.Set("npm_config_cache", TestEnvironment.TempDir("gd-npm")))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cts.Token);
        Assert.True(r.ExitCode == 0, "npm install --package-lock-only: " + r.StandardOutput + r.StandardError);
        Assert.True(File.Exists(Path.Combine(dir, "package-lock.json")));
    }

    /// <summary>The version of the node on PATH, as the buildpack finds it ("20.20.2").</summary>
    public static async Task<string> NodeVersionAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var r = await Cli.Wrap("node").WithArguments(["--version"]).ExecuteBufferedAsync(cts.Token);
        return r.StandardOutput.Trim().TrimStart('v');
    }
}

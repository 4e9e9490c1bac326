using System.Net.Http.Json;
using System.Text.Json;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Swarm;

/// <summary>A Flask app on the swarm target of a test server: it says its version and the node it runs on.</summary>
internal static class SwarmApp
{
    public static string Wsgi(string version) => $$"""
        import os, socket, sys
        from flask import Flask
        application = Flask(__name__)

        @application.route("/")
        def index():
            return "{{version}} " + os.environ["LEANCLOUD_VERSION_TAG"] + " from " + socket.gethostname()

        @application.route("/env/<name>")
        def env(name):
            return os.environ.get(name, "<unset>")

        @application.route("/say/<word>")
        def say(word):
            print("said " + word, flush=True)
            return socket.gethostname()
        """;

    public static void Write(string dir, string version = "v1") => SampleApps.Write(dir, new Dictionary<string, string>
    {
        ["wsgi.py"] = Wsgi(version),
        ["requirements.txt"] = "flask",
        [".python-version"] = "3.10",
    });

    /// <summary>A server on the cluster and an app on its swarm target, <paramref name="scale"/> instances, pushed
    /// once.</summary>
    public static async Task<AppRepo> DeployAsync(TestServer server, string app, int scale = 1)
    {
        await server.CreateAppAsync(app);
        await Expect(await server.Http.PatchAsJsonAsync($"/api/apps/{app}", new { target = "swarm" }));
        if (scale != 1)
            await Expect(await server.Http.PostAsJsonAsync($"/api/apps/{app}/scale", new { count = scale }));
        var repo = await AppRepo.CreateAsync(server, app, d => Write(d), createApp: false);
        var push = await repo.PushAsync();
        push.ShouldSucceed();
        Assert.True(push.Output.Contains("Image pushed") && push.Output.Contains("is live on"), push.Output);
        return repo;
    }

    public static async Task<JsonElement> Expect(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement[]> PsAsync(TestServer server, string app) =>
        (await server.Http.GetFromJsonAsync<JsonElement>($"/api/apps/{app}/ps")).EnumerateArray().ToArray();

    public static Func<GitDeploy.Server.Hosting.ServeOptions,
        GitDeploy.Server.Hosting.ServeOptions> Options(SwarmCluster cluster) =>
        o => o with { Swarm = cluster.Options };
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitDeploy.Runtime.Supervisor;

namespace GitDeploy.Swarm;

/// <summary>
/// A release as an OCI image: the configured base image's layers, then the interpreter, the dependency
/// environment (both at the paths the release's run environment names, cached per machine) and the app (its source with
/// the build output, owned by the app's user, at /app, plus GitDeploy's entrypoint). Built and pushed once
/// per release; a rollback finds the record and the registry's manifest and builds nothing.
/// </summary>
public sealed class ReleaseImages(SwarmOptions options, RegistryClient registry, LayerCache layers)
{
    public const string AppDir = "/app";
    public const string EntrypointPath = "/gitdeploy/run.py";
    public const string StateDir = "/gitdeploy/state";
    public const string Home = "/gitdeploy/home";
    public const string Tmp = "/gitdeploy/tmp";

    /// <summary>Image JSON as Docker writes it: no \uXXXX escapes where none are needed.</summary>
    private static readonly JsonSerializerOptions Plain = new() { Encoder
        = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public sealed record Image(string Reference, string Digest, string Python, bool Built);

    public static string Repository(string app) => "gitdeploy-apps/" + app;

    public async Task<Image> EnsureAsync(InstanceSpec spec, Action<string> progress, CancellationToken ct)
    {
        var (interpreter, error) = Interpreter.Of(spec.EnvironmentDir);
        if (interpreter is null) throw new RegistryException(error!);
        var repo = Repository(spec.App);
        var key = RegistryClient.Sha256(System.Text.Encoding.UTF8.GetBytes(string.Join("\n",
            options.Registry, options.BaseImage, spec.SourceDir, spec.EnvironmentDir, spec.AppSubdir, spec.Uid,
                Entrypoint.Version)))[7..23];
        var recordFile = Path.Combine(options.StateDir, "images", spec.App, $"{spec.Tag}-{key}.json");
        if (File.Exists(recordFile) && JsonSerializer.Deserialize<Image>(File.ReadAllText(recordFile)) is { } known
            && await registry.HasManifestAsync(repo, known.Digest, ct))
        {
            progress($"Image {known.Reference} is in the registry already (no build)");
            return known with { Built = false };
        }
        var sw = Stopwatch.StartNew();
        var image = await BuildAsync(spec, interpreter, repo, progress, ct);
        Directory.CreateDirectory(Path.GetDirectoryName(recordFile)!);
        File.WriteAllText(recordFile, JsonSerializer.Serialize(image));
        progress($"Image pushed: {image.Reference}@{image.Digest[..19]}… ({sw.Elapsed.TotalSeconds:0.00} s)");
        return image;
    }

    private async Task<Image> BuildAsync(InstanceSpec spec, Interpreter python, string repo, Action<string> progress,
        CancellationToken ct)
    {
        var baseName = ImageName.Parse(options.BaseImage)!;
        var (baseManifest, baseConfig) = await BaseAsync(baseName, ct);
        var uid = spec.Uid ?? 0;
        var envDir = spec.EnvironmentDir.TrimEnd('/');
        var runtime
            = await layers.GetAsync($"python\n{python.Prefix}\n{File.GetLastWriteTimeUtc(python.Python).Ticks}\nv1",
            $"interpreter {python.Prefix}",
            f => LayerWriter.WriteAsync(f, "", [new LayerSource(python.Prefix, python.Prefix, 0, Interpreter.Skip)],
                [], [], ct), ct);
        var deps = await layers.GetAsync($"env\n{envDir}\nv1", $"environment {envDir}",
            f => LayerWriter.WriteAsync(f, "", [new LayerSource(envDir, envDir)], [], [], ct), ct);
        var appFile = Path.Combine(options.StateDir, "tmp", $"{spec.App}-{spec.Tag}-{Guid.NewGuid():N}.tar.gz");
        var app = await LayerWriter.WriteAsync(appFile, "app", [new LayerSource(spec.SourceDir, AppDir, uid)],
            [new LayerFile(EntrypointPath, Entrypoint.Script, 0b110_100_100)],
            [new LayerDirectory(StateDir, 0b111_000_000, uid), new LayerDirectory(Home, 0b111_000_000, uid),
             new LayerDirectory(Tmp, 0b111_000_000, uid)], ct);
        try
        {
            progress($"Packaging {spec.Tag} as an image on {options.BaseImage}: " +
                $"{Describe(runtime)}, {Describe(deps)}, " +
                $"app {Size(app.Size)}");
            var mine = new[] { runtime.Layer, deps.Layer, app };
            foreach (var l in baseManifest["layers"]!.AsArray())
            {
                var digest = (string)l!["digest"]!;
                if (await registry.HasBlobAsync(repo, digest, ct)) continue;
                if (!await registry.MountBlobAsync(repo, digest, baseName.Repository, ct))
                    await registry.CopyBlobAsync(repo, digest, baseName.Repository, ct);
            }
            foreach (var l in mine)
                if (!await registry.HasBlobAsync(repo, l.Digest, ct)) await registry.UploadBlobAsync(repo, l.Digest,
                    l.File, ct);

            var config = Config(baseConfig, spec, python, mine);
            var configBytes = JsonSerializer.SerializeToUtf8Bytes(config, Plain);
            var configDigest = RegistryClient.Sha256(configBytes);
            await registry.UploadBlobAsync(repo, configDigest, configBytes, ct);
            var (type, manifest) = Manifest(baseManifest, configDigest, configBytes.Length, mine);
            var digestOut = await registry.PutManifestAsync(repo, spec.Tag, type, manifest, ct);
            return new Image($"{registry.Address.HostPort}/{repo}:{spec.Tag}", digestOut, python.Python, true);
        }
        finally
        {
            File.Delete(app.File);
        }
    }

    private static string Describe((Layer Layer, bool Cached) l) =>
        $"{l.Layer.Description} ({Size(l.Layer.Size)}{(l.Cached ? ", cached" : "")})";

    private static string Size(long bytes) =>
        bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):0.0} MB" : $"{Math.Max(1, bytes / 1024)} KB";

    /// <summary>The base image's manifest (this machine's platform out of an index) and its config.</summary>
    private async Task<(JsonNode Manifest, JsonNode Config)> BaseAsync(ImageName name, CancellationToken ct)
    {
        var m = await registry.GetManifestAsync(name.Repository, name.Tag, ct)
            ?? throw new RegistryException(
                $"the base image {name} is not in the registry {registry.Address.HostPort}: push one " +
                "there (README \"Choosing a base image\") or name another with serve --swarm-base-image");
        var node = JsonNode.Parse(m.Body)!;
        if (m.MediaType is RegistryClient.DockerList or RegistryClient.OciIndex)
        {
            var entry = node["manifests"]!.AsArray().FirstOrDefault(e =>
                (string?)e!["platform"]?["os"] == "linux" && (string?)e["platform"]?["architecture"] == "amd64")
                ?? throw new RegistryException($"the base image {name} has no linux/amd64 image");
            m = await registry.GetManifestAsync(name.Repository, (string)entry["digest"]!, ct)
                ?? throw new RegistryException($"the base image {name}'s linux/amd64 manifest is missing");
            node = JsonNode.Parse(m.Body)!;
        }
        node["mediaType"] ??= m.MediaType;
        var config = JsonNode.Parse(await registry.GetBlobAsync(name.Repository, (string)node["config"]!["digest"]!,
            ct))!;
        return (node, config);
    }

    private static JsonNode Config(JsonNode baseConfig, InstanceSpec spec, Interpreter python,
        IReadOnlyList<Layer> mine)
    {
        var config = baseConfig.DeepClone();
        var diffIds = config["rootfs"]!["diff_ids"]!.AsArray();
        foreach (var l in mine) diffIds.Add(l.DiffId);
        var history = config["history"] as JsonArray ?? [];
        config["history"] = history;
        foreach (var l in mine) history.Add(new JsonObject { ["created_by"] = "gitdeploy: " + l.Description });
        var c = config["config"] as JsonObject ?? [];
        config["config"] = c;
        c["Entrypoint"] = new JsonArray(python.Python, "-I", "-S", EntrypointPath);
        c["Cmd"] = null;
        c["WorkingDir"] = AppDir;
        c["User"] = (spec.Uid ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        c["Labels"] = new JsonObject { ["gitdeploy.app"] = spec.App, ["gitdeploy.tag"] = spec.Tag };
        // Go's time parser reads the JSON text as it is: no '+' (which would be escaped), a Z.
        config["created"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'",
            System.Globalization.CultureInfo.InvariantCulture);
        return config;
    }

    private static (string Type, byte[] Body) Manifest(JsonNode baseManifest, string configDigest, int configSize,
        IReadOnlyList<Layer> mine)
    {
        var type = (string)baseManifest["mediaType"]!;
        var oci = type == RegistryClient.OciManifest;
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = type,
            ["config"] = new JsonObject
            {
                ["mediaType"] = oci ? "application/vnd.oci.image.config.v1+json"
                    : "application/vnd.docker.container.image.v1+json",
                ["size"] = configSize,
                ["digest"] = configDigest,
            },
            ["layers"] = new JsonArray([.. baseManifest["layers"]!.AsArray().Select(l => l!.DeepClone()),
                .. mine.Select(l => (JsonNode)new JsonObject
            {
                ["mediaType"] = oci ? "application/vnd.oci.image.layer.v1.tar+gzip"
                    : "application/vnd.docker.image.rootfs.diff.tar.gzip",
                ["size"] = l.Size,
                ["digest"] = l.Digest,
            })]),
        };
        return (type, JsonSerializer.SerializeToUtf8Bytes(manifest, Plain));
    }
}

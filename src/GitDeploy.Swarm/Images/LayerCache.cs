using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GitDeploy.Swarm;

/// <summary>
/// Layers that many releases share (an interpreter, a dependency environment), written once per key
/// into <c>DATA/swarm/layers/</c> with a record of their digests; a record is written last, so a layer
/// half-written when the server died is written again.
/// </summary>
public sealed class LayerCache(string root)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    public async Task<(Layer Layer, bool Cached)> GetAsync(
        string key, string description, Func<string, Task<Layer>> write, CancellationToken ct)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
        var gate = _locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var record = Path.Combine(root, name + ".json");
            var file = Path.Combine(root, name + ".tar.gz");
            if (File.Exists(record) && File.Exists(file)
                && JsonSerializer.Deserialize<Layer>(File.ReadAllText(record)) is { } l)
                return (l with { File = file, Description = description }, true);
            var layer = await write(file);
            File.WriteAllText(record + ".tmp", JsonSerializer.Serialize(layer));
            File.Move(record + ".tmp", record, overwrite: true);
            return (layer with { Description = description }, false);
        }
        finally
        {
            gate.Release();
        }
    }
}

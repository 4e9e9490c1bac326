using System.Security.Cryptography;
using System.Text;
using GitDeploy.Runtime.Router;
using Microsoft.AspNetCore.Http;

namespace GitDeploy.Deploys.Webhooks;

/// <summary>
/// A delivery's body read once, before anyone knows whether it is signed right: its HMAC-SHA256 is
/// computed while it streams in, and the bytes are spooled (in memory up to <see cref="InMemoryBytes"/>,
/// then to a temp file that deletes itself) instead of being held whole. Only after the signature
/// matched does <see cref="ReadAllAsync"/> bring it into memory for the JSON parser.
/// </summary>
public sealed class WebhookBody : IAsyncDisposable
{
    public const int InMemoryBytes = 256 * 1024;

    private Stream _spool = new MemoryStream();
    private readonly string _spoolDir;

    private WebhookBody(string spoolDir) => _spoolDir = spoolDir;

    /// <summary>HMAC-SHA256 of the raw bytes with the source's secret.</summary>
    public byte[] Hmac { get; private set; } = [];

    public long Length => _spool.Length;

    /// <summary>The body, or null when it went over the limit <see cref="BodyLimit.Apply"/> set.</summary>
    public static async Task<WebhookBody?> ReadAsync(HttpContext ctx, string secret, string spoolDir)
    {
        var body = new WebhookBody(spoolDir);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        var chunk = new byte[81920];
        try
        {
            int n;
            while ((n = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted)) > 0)
            {
                hmac.AppendData(chunk, 0, n);
                await body.SpoolAsync(chunk.AsMemory(0, n), ctx.RequestAborted);
            }
        }
        catch (BodyLimit.TooLargeException)
        {
            await body.DisposeAsync();
            return null;
        }
        catch
        {
            await body.DisposeAsync();
            throw;
        }
        body.Hmac = hmac.GetHashAndReset();
        return body;
    }

    private async Task SpoolAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        if (_spool is MemoryStream memory && memory.Length + bytes.Length > InMemoryBytes)
        {
            Directory.CreateDirectory(_spoolDir);
            var file = new FileStream(Path.Combine(_spoolDir, $"webhook-{Guid.NewGuid():N}.body"), FileMode.CreateNew,
                FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            memory.Position = 0;
            await memory.CopyToAsync(file, ct);
            _spool = file;
        }
        await _spool.WriteAsync(bytes, ct);
    }

    /// <summary>The whole body: only for a delivery whose signature matched.</summary>
    public async Task<byte[]> ReadAllAsync()
    {
        var all = new byte[_spool.Length];
        _spool.Position = 0;
        await _spool.ReadExactlyAsync(all);
        return all;
    }

    public ValueTask DisposeAsync() => _spool.DisposeAsync();
}

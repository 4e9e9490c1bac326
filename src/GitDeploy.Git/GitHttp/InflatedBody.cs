using System.IO.Compression;

namespace GitDeploy.Git.GitHttp;

/// <summary>
/// A gzip request body inflated as git reads it, never held whole: a 61 KB body that inflates to
/// 63 MB costs one buffer, not 63 MB. The first block is inflated up front so a corrupt body is a
/// clean 400 before git starts. Past <c>max</c> inflated bytes, or on corrupt data later on, the
/// stream records a <see cref="Failure"/> and ends, and the endpoint answers or aborts for it.
/// </summary>
internal sealed class InflatedBody : Stream
{
    private const int FirstBlock = 64 * 1024;

    private readonly GZipStream _gzip;
    private readonly long _max;
    private readonly byte[] _first = new byte[FirstBlock];
    private int _firstLength;
    private int _firstRead;
    private long _total;

    private InflatedBody(Stream body, long max)
    {
        _gzip = new GZipStream(body, CompressionMode.Decompress, leaveOpen: true);
        _max = max;
    }

    public InflateFailure? Failure { get; private set; }

    public static async Task<InflatedBody> OpenAsync(Stream body, long max, CancellationToken ct)
    {
        var inflated = new InflatedBody(body, max);
        while (inflated._firstLength < FirstBlock && inflated.Failure is null)
        {
            var n = await inflated.InflateAsync(inflated._first.AsMemory(inflated._firstLength), ct);
            if (n == 0) break;
            inflated._firstLength += n;
        }
        return inflated;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_firstRead < _firstLength)
        {
            var n = Math.Min(buffer.Length, _firstLength - _firstRead);
            _first.AsMemory(_firstRead, n).CopyTo(buffer);
            _firstRead += n;
            return n;
        }
        return Failure is null ? await InflateAsync(buffer, ct) : 0;
    }

    private async ValueTask<int> InflateAsync(Memory<byte> buffer, CancellationToken ct)
    {
        int n;
        try
        {
            n = await _gzip.ReadAsync(buffer, ct);
        }
        catch (InvalidDataException)
        {
            Failure = new(400, "the gzip request body is corrupt");
            return 0;
        }
        _total += n;
        if (_total <= _max) return n;
        Failure = new(413, $"the inflated request body is larger than the limit of {_max} bytes");
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gzip.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _total; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

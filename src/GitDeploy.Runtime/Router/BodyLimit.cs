using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GitDeploy.Runtime.Router;

/// <summary>
/// A request body limit (413): the router's, and webhook deliveries'. Enforced by counting what is read, not by
/// Kestrel's own limit: Kestrel, once its limit is hit, can only close the connection while the
/// client is still sending, and the client then often loses the 413 to the reset. Kestrel keeps a
/// larger limit, so after the 413 it reads and discards a bounded rest of the body (for at most
/// 5 s) and the client reads the answer, as nginx's lingering close does.
/// </summary>
public static class BodyLimit
{
    /// <summary>How much more than the limit Kestrel may read and discard after a 413.</summary>
    public const long DrainAllowance = 16L * 1024 * 1024;

    /// <summary>Declared too large: answer at once. Otherwise count the body as it is forwarded.</summary>
    public static bool Apply(HttpContext ctx, long limit)
    {
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit + DrainAllowance;
        if (ctx.Request.ContentLength > limit)
            return false;
        if (
            ctx.Request.ContentLength is null
            && ctx.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true }
        )
            ctx.Request.Body = new CountingStream(ctx.Request.Body, limit); // chunked
        return true;
    }

    /// <summary>Whether the forwarder failed because of the limit (the client's HttpClient wraps the reason).</summary>
    public static bool WasExceeded(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is TooLargeException)
                return true;
        return false;
    }

    /// <summary>Whether a counted (chunked) body went over its limit, for readers that swallow the exception.</summary>
    public static bool Exceeded(HttpContext ctx) => ctx.Request.Body is CountingStream { Exceeded: true };

    public sealed class TooLargeException(long limit) : IOException($"the request body is larger than {limit} bytes");

    private sealed class CountingStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public bool Exceeded => _read > limit;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            Count(await inner.ReadAsync(buffer, ct));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), ct));

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        private int Count(int n)
        {
            _read += n;
            if (_read > limit)
                throw new TooLargeException(limit);
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.Text;

namespace GitDeploy.Git.GitHttp;

/// <summary>git's pkt-line framing: four hex digits of length (including themselves), then the payload.</summary>
public static class PktLine
{
    public static readonly byte[] Flush = "0000"u8.ToArray();
    public const int MaxPayload = 65516;

    public static byte[] Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    public static byte[] Encode(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxPayload)
            throw new ArgumentException($"pkt-line payload is limited to {MaxPayload} bytes", nameof(payload));
        var result = new byte[payload.Length + 4];
        Encoding.ASCII.GetBytes((payload.Length + 4).ToString("x4"), result);
        payload.CopyTo(result.AsSpan(4));
        return result;
    }

    /// <summary>Reads pkt-lines from a buffer; a flush packet is returned as <c>null</c>.</summary>
    public static IEnumerable<string?> Decode(byte[] data)
    {
        var offset = 0;
        while (offset + 4 <= data.Length)
        {
            var len = Convert.ToInt32(Encoding.ASCII.GetString(data, offset, 4), 16);
            if (len == 0)
            {
                yield return null;
                offset += 4;
                continue;
            }
            if (len < 4 || offset + len > data.Length)
                throw new FormatException($"bad pkt-line length {len} at offset {offset}");
            yield return Encoding.UTF8.GetString(data, offset + 4, len - 4);
            offset += len;
        }
        if (offset != data.Length)
            throw new FormatException("trailing bytes after the last pkt-line");
    }
}

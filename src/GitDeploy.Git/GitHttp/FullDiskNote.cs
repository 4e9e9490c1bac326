using System.Text;
using CliWrap;

namespace GitDeploy.Git.GitHttp;

/// <summary>
/// Copies receive-pack's answer pkt-line by pkt-line; after a progress line (side-band 2) saying
/// "No space left on device", it adds one more naming the disk and the path (the host's words),
/// which git prints as a <c>remote:</c> line. Everything else passes through unchanged.
/// </summary>
internal static class FullDiskNote
{
    private static readonly byte[] NoSpace = "No space left on device"u8.ToArray();

    public static PipeTarget Target(Stream response, Func<string> note) => PipeTarget.Create(async (input, ct) =>
    {
        var header = new byte[4];
        var noted = false;
        while (await ReadExactlyAsync(input, header, ct))
        {
            await response.WriteAsync(header, ct);
            var hex = Encoding.ASCII.GetString(header);
            if (!int.TryParse(hex, System.Globalization.NumberStyles.HexNumber, null, out var length))
            {
                await input.CopyToAsync(response, ct); // not pkt-lines: pass the rest through as it is
                break;
            }
            if (length > 4)
            {
                var payload = new byte[length - 4];
                if (!await ReadExactlyAsync(input, payload, ct)) break;
                await response.WriteAsync(payload, ct);
                if (!noted && payload[0] == 2 && payload.AsSpan().IndexOf(NoSpace) >= 0)
                {
                    noted = true;
                    await response.WriteAsync(PktLine.Encode("\u0002" + note() + "\n"), ct);
                }
            }
            await response.FlushAsync(ct);
        }
        await response.FlushAsync(ct);
    });

    private static async Task<bool> ReadExactlyAsync(Stream s, byte[] buffer, CancellationToken ct)
    {
        try
        {
            await s.ReadExactlyAsync(buffer, ct);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }
}

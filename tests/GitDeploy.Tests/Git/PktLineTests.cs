using System.Text;
using GitDeploy.Git.GitHttp;

namespace GitDeploy.Tests.Git;

public class PktLineTests
{
    [Fact]
    public void Encode_PrefixesTheLengthIncludingItself()
    {
        Assert.Equal(
            "001e# service=git-upload-pack\n",
            Encoding.ASCII.GetString(PktLine.Encode("# service=git-upload-pack\n"))
        );
        Assert.Equal("0004", Encoding.ASCII.GetString(PktLine.Encode("")));
    }

    [Fact]
    public void Decode_RoundTripsLinesAndFlushes()
    {
        var data = PktLine.Encode("hello\n").Concat(PktLine.Flush).Concat(PktLine.Encode("ERR boom")).ToArray();
        Assert.Equal(["hello\n", null, "ERR boom"], PktLine.Decode(data).ToList());
    }

    [Theory]
    [InlineData("0003")]
    [InlineData("0010abc")]
    [InlineData("zzzz")]
    public void Decode_RejectsMalformedInput(string raw) =>
        Assert.ThrowsAny<FormatException>(() => PktLine.Decode(Encoding.ASCII.GetBytes(raw)).ToList());

    [Fact]
    public void Encode_RefusesOversizedPayloads() =>
        Assert.Throws<ArgumentException>(() => PktLine.Encode(new byte[PktLine.MaxPayload + 1]));
}

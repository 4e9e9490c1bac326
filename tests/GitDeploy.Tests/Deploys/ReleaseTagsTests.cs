using GitDeploy.Deploys.Releases;

namespace GitDeploy.Tests.Deploys;

public class ReleaseTagsTests
{
    [Fact]
    public void Tag_IsTheTimeInWholeSeconds()
    {
        Assert.Equal("20210913-150821", ReleaseTags.Next(DateTimeOffset.Parse("2021-09-13T15:08:21.999Z"), null));
        Assert.Equal(
            "20210913-150821",
            ReleaseTags.Next(DateTimeOffset.Parse("2021-09-13T23:08:21+08:00"), "20210913-150820")
        );
    }

    /// <summary>Regression: a second release within the same second as the newest one (milliseconds later) reused its
    /// tag.</summary>
    [Theory]
    [InlineData("2021-09-13T15:08:21.500Z", "20210913-150821", "20210913-150822")]
    [InlineData("2021-09-13T15:08:21.000Z", "20210913-150821", "20210913-150822")]
    [InlineData("2021-09-13T15:08:21.000Z", "20210913-150825", "20210913-150826")]
    public void Tag_MovesPastTheNewestWhenNotLater(string now, string latest, string expected) =>
        Assert.Equal(expected, ReleaseTags.Next(DateTimeOffset.Parse(now), latest));
}

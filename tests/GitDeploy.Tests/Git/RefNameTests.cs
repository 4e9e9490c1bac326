using GitDeploy.Git;
using GitDeploy.Tests.Infrastructure;

namespace GitDeploy.Tests.Git;

/// <summary>RefName agrees with <c>git check-ref-format --allow-onelevel</c>; it also refuses a leading '-'.</summary>
public class RefNameTests
{
    public static TheoryData<string> Names() =>
    [
        "main", "feature/x-1.2", "v1.0.0", "20261126-061156", "refs/heads/main", "abc1234", new string('a', 40),
        "ü-branch",
        "main\n", "main ", "a b", "main~1", "main^", "main^{tree}", "HEAD@{1}", "@", "a..b", "a//b", "/a", "a/", "a.",
        ".hidden", "a/.b", "main.lock", "a.lock/b", "a:b", "a?b", "a*b", "a[b", "a\\b", "a\tb", "a\u007fb",
    ];

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Names))]
    public async Task RefName_AcceptsWhatGitAccepts(string name)
    {
        var git = new GitClient(TestEnvironment.TempDir("gd-refname"));
        var exit = (await git.RunAsync("check-ref-format", "--allow-onelevel", name)).ExitCode;

        var ours = RefName.IsValid(name);
        Assert.True(ours == (exit == 0), $"'{name}': git exits {exit}, RefName says {ours}");
    }

    [Theory]
    [InlineData("-main")]
    [InlineData("--upload-pack=x")]
    [InlineData("")]
    public void RefName_RefusesOptionsAndNothing(string name) => Assert.False(RefName.IsValid(name));
}

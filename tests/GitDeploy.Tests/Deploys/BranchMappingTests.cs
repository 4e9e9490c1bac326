using GitDeploy.Deploys.Branches;

namespace GitDeploy.Tests.Deploys;

/// <summary>One branch model for an app's map and its webhook source's: one rule, one default, one stored
/// form.</summary>
public class BranchMappingTests
{
    [Fact]
    public void StoredForms_BothRead_OneWritten()
    {
        var fromJson = BranchMapping.Parse("""{"release":"production","stage":"stage"}""");
        var fromPairs = BranchMapping.Parse("release=production,stage=stage");
        Assert.Equal(fromPairs.Format(), fromJson.Format());
        Assert.Equal("release=production,stage=stage", fromJson.Format());
        Assert.Empty(BranchMapping.Parse(""));
    }

    [Fact]
    public void With_SetsAndRemoves_AndRefusesWhatTheSourceMapRefuses()
    {
        var (map, error) = BranchMapping.Default.With([("release", "production"), ("stage", "none")]);
        Assert.Null(error);
        Assert.Equal("main → production, master → production, release → production", map!.Describe());
        Assert.Equal("main", map.ProductionBranch);

        var (_, bad) = BranchMapping.Default.With([("..x", "stage")]);
        var (_, badSource) = BranchMapping.FromEntries(["..x=stage"]);
        Assert.Contains("'..x' is not a branch name", bad);
        Assert.Equal(bad, badSource);
        var (_, none) = BranchMapping.FromEntries(["main=none"]);
        Assert.Contains("'none' is not an environment: use production or stage", none); // a source map lists branches
    }
}

using Wick.CoverageGate.Settings;

namespace Wick.CoverageGate.Tests;

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("src/Wick.Core/ParkingLot/**", "src/Wick.Core/ParkingLot/Lot.cs", true)]
    [InlineData("src/Wick.Core/ParkingLot/**", "src/Wick.Core/ParkingLot/Deep/Er/Lot.cs", true)]
    [InlineData("src/Wick.Core/ParkingLot/**", "src/Wick.Core/ParkingLotX/Lot.cs", false)]
    [InlineData("src/Wick.Core/ParkingLot/**", "src/Wick.Core/Scheduling/Lot.cs", false)]
    [InlineData("src/*/Program.cs", "src/Wick.Cli/Program.cs", true)]
    [InlineData("src/*/Program.cs", "src/Wick.Cli/Sub/Program.cs", false)]
    [InlineData("src/**/Program.cs", "src/Program.cs", true)]
    [InlineData("src/**/Program.cs", "src/a/b/Program.cs", true)]
    [InlineData("src/Lot?.cs", "src/Lot1.cs", true)]
    [InlineData("src/Lot?.cs", "src/Lot/.cs", false)]
    [InlineData("src/Wick.Core/A.cs", "src/Wick_Core/A.cs", false)]
    [InlineData("src\\Wick.Core\\**", "src/Wick.Core/A.cs", true)]
    public void Glob_matches_repo_relative_paths(string pattern, string path, bool expected)
    {
        var glob = new GlobPattern(pattern);

        Assert.Equal(expected, glob.IsMatch(path));
        Assert.Equal(pattern.Replace('\\', '/'), glob.ToString());
    }
}

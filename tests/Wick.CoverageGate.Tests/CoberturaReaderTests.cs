using Wick.CoverageGate.Coverage;

namespace Wick.CoverageGate.Tests;

public sealed class CoberturaReaderTests : IDisposable
{
    private readonly TempRepo repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public void Reader_resolves_files_against_sources_and_reads_hits_and_branches()
    {
        repo.Write("src/Wick.Core/Mod/Foo.cs", "class Foo {}");
        var xml = new CoberturaBuilder(Path.Combine(repo.Root, "src") + "/")
            .Line("Wick.Core/Mod/Foo.cs", 3, hits: 4)
            .Line("Wick.Core/Mod/Foo.cs", 4, hits: 0)
            .Branch("Wick.Core/Mod/Foo.cs", 5, hits: 2, [new Cond(10, 1, 2), new Cond(20, 2, 2)])
            .Build();
        var report = repo.Write("r.cobertura.xml", xml);

        var file = Assert.Single(CoberturaReader.Read(report, repo.Root));

        Assert.Equal("src/Wick.Core/Mod/Foo.cs", file.Path);
        Assert.Equal(["Wick.Core.Mod"], file.Namespaces);
        var lines = file.Lines.ToDictionary(l => l.Number);
        Assert.Equal((4L, true), (lines[3].Hits, lines[3].IsCovered));
        Assert.False(lines[4].IsCovered);
        Assert.Equal((3, 4, true), (lines[5].BranchesCovered, lines[5].BranchesTotal, lines[5].HasMissedBranches));
        Assert.Equal((0, 0), (lines[3].BranchesCovered, lines[3].BranchesTotal));
    }

    [Fact]
    public void Reader_picks_the_source_root_where_the_file_exists()
    {
        repo.Write("tools/Tool/A.cs", "class A {}");
        var xml = new CoberturaBuilder(null).Line("Tool/A.cs", 1, 1).Build()
            .Replace("<sources />", $"<sources><source>{repo.Root}/src/</source><source>{repo.Root}/tools/</source></sources>",
                StringComparison.Ordinal);
        var report = repo.Write("r.xml", xml);

        Assert.Equal("tools/Tool/A.cs", Assert.Single(CoberturaReader.Read(report, repo.Root)).Path);
    }

    [Fact]
    public void Reader_takes_absolute_file_names_and_deterministic_paths_as_they_are()
    {
        var xml = new CoberturaBuilder(null)
            .Line(Path.Combine(repo.Root, "src/A.cs"), 1, 1)
            .Line("/_/src/B.cs", 1, 1)
            .Line("/elsewhere/C.cs", 1, 1)
            .Build();
        var report = repo.Write("r.xml", xml);

        var paths = CoberturaReader.Read(report, repo.Root).Select(f => f.Path).Order(StringComparer.Ordinal);

        Assert.Equal(["/elsewhere/C.cs", "src/A.cs", "src/B.cs"], paths);
    }

    [Fact]
    public void Reader_without_sources_resolves_relative_names_against_the_root()
    {
        var report = repo.Write("r.xml", new CoberturaBuilder(null).Line("src/A.cs", 1, 1).Build());

        Assert.Equal("src/A.cs", Assert.Single(CoberturaReader.Read(report, repo.Root)).Path);
    }

    [Fact]
    public void Reader_reads_class_level_lines_when_a_class_lists_no_methods()
    {
        var report = repo.Write("r.xml", $"""
            <coverage><sources><source>{repo.Root}</source></sources><packages><package><classes>
              <class name="Top" filename="src/A.cs"><lines>
                <line number="1" hits="0" />
                <line number="2" hits="3" branch="True" condition-coverage="50% (1/2)" />
                <line number="x" hits="1" />
                <line number="3" />
              </lines></class>
              <class name="NoFile" />
              <class name="Empty" filename="src/B.cs" />
              <class filename="src/C.cs"><methods><method name="M"><lines>
                <line number="4" hits="1" branch="True" condition-coverage="75% (3/4)"><conditions>
                  <condition number="1" coverage="100%" />
                  <condition number="x" type="jump" coverage="50%" />
                  <condition number="3" type="jump" />
                </conditions></line>
              </lines></method></methods></class>
            </classes></package></packages></coverage>
            """);

        var files = CoberturaReader.Read(report, repo.Root).ToDictionary(f => f.Path);

        var a = files["src/A.cs"];
        Assert.Empty(a.Namespaces);
        Assert.Equal([1, 2, 3], a.Lines.Select(l => l.Number));
        Assert.Equal((1, 2), (a.Lines.ElementAt(1).BranchesCovered, a.Lines.ElementAt(1).BranchesTotal));
        Assert.False(a.Lines.ElementAt(2).IsCovered);
        Assert.Empty(files["src/B.cs"].Lines);
        var c = Assert.Single(files["src/C.cs"].Lines);
        Assert.Empty(files["src/C.cs"].Namespaces);
        Assert.Equal((3, 4), (c.BranchesCovered, c.BranchesTotal));
    }

    [Fact]
    public void Reader_accepts_a_report_without_a_sources_element()
    {
        var report = repo.Write("r.xml", """
            <coverage><packages><package><classes>
              <class name="N.A" filename="src/A.cs"><lines><line number="1" hits="1" /></lines></class>
            </classes></package></packages></coverage>
            """);

        Assert.Equal("src/A.cs", Assert.Single(CoberturaReader.Read(report, repo.Root)).Path);
    }

    [Theory]
    [InlineData("<notcoverage />", "not a Cobertura report")]
    [InlineData("<coverage>", "cannot read")]
    public void Reader_rejects_what_is_not_cobertura(string xml, string reason)
    {
        var report = repo.Write("r.xml", xml);

        var ex = Assert.Throws<GateInputException>(() => CoberturaReader.Read(report, repo.Root));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Wick.Core.ParkingLot.Lot/<Admit>d__5", "Wick.Core.ParkingLot")]
    [InlineData("Wick.Core.ParkingLot.Lot", "Wick.Core.ParkingLot")]
    [InlineData("Program", "")]
    public void Namespace_of_a_class_name_ignores_nested_types(string className, string expected)
    {
        Assert.Equal(expected, CoberturaReader.NamespaceOf(className));
    }
}

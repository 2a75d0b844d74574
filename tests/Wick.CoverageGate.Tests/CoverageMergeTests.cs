using Wick.CoverageGate.Coverage;

namespace Wick.CoverageGate.Tests;

public sealed class CoverageMergeTests : IDisposable
{
    private const string File = "src/Wick.Core/Mod/Foo.cs";
    private readonly TempRepo repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public void A_line_is_covered_if_any_report_covers_it()
    {
        var set = Merge(
            new CoberturaBuilder(repo.Root).Line(File, 1, 0).Line(File, 2, 1).Line(File, 3, 0),
            new CoberturaBuilder(repo.Root).Line(File, 1, 2).Line(File, 2, 0).Line(File, 3, 0).Line(File, 4, 1));

        var lines = Assert.Single(set.Files).Lines.ToDictionary(l => l.Number, l => l.IsCovered);

        Assert.Equal(new Dictionary<int, bool> { [1] = true, [2] = true, [3] = false, [4] = true }, lines);
    }

    [Fact]
    public void Different_branch_points_covered_by_different_reports_add_up()
    {
        var set = Merge(
            new CoberturaBuilder(repo.Root).Branch(File, 5, 1, [new Cond(1, 2, 2), new Cond(2, 0, 2)]),
            new CoberturaBuilder(repo.Root).Branch(File, 5, 1, [new Cond(1, 0, 2), new Cond(2, 2, 2)]));

        var line = Assert.Single(Assert.Single(set.Files).Lines);

        Assert.Equal((4, 4), (line.BranchesCovered, line.BranchesTotal));
    }

    [Fact]
    public void Half_covered_jumps_combine_by_condition()
    {
        var set = Merge(
            new CoberturaBuilder(repo.Root).Branch(File, 5, 1, [new Cond(1, 2, 2), new Cond(2, 0, 2)]),
            new CoberturaBuilder(repo.Root).Branch(File, 5, 1, [new Cond(1, 0, 2), new Cond(2, 1, 2)]));

        var line = Assert.Single(Assert.Single(set.Files).Lines);

        Assert.Equal((3, 4), (line.BranchesCovered, line.BranchesTotal));
    }

    [Fact]
    public void The_same_jump_half_covered_twice_counts_conservatively()
    {
        // Which path each report took is not in Cobertura: the union may be 1 or 2, and the gate never over-reports.
        var set = Merge(
            new CoberturaBuilder(repo.Root).Branch(File, 5, 1, [new Cond(1, 1, 2)]),
            new CoberturaBuilder(repo.Root).Branch(File, 5, 1, [new Cond(1, 1, 2)]));

        var line = Assert.Single(Assert.Single(set.Files).Lines);

        Assert.Equal((1, 2), (line.BranchesCovered, line.BranchesTotal));
    }

    [Fact]
    public void A_switch_beside_jumps_gets_the_remaining_paths()
    {
        var set = Merge(
            new CoberturaBuilder(repo.Root).Branch(File, 5, 1, [new Cond(1, 2, 2), new Cond(2, 1, 4)]),
            new CoberturaBuilder(repo.Root).Branch(File, 5, 1, [new Cond(1, 0, 2), new Cond(2, 3, 4)]));

        var line = Assert.Single(Assert.Single(set.Files).Lines);

        Assert.Equal((5, 6), (line.BranchesCovered, line.BranchesTotal));
    }

    [Fact]
    public void Two_switches_fall_back_to_the_larger_report_count()
    {
        var set = Merge(
            new CoberturaBuilder(repo.Root).Branch(File, 5, 1, [new Cond(1, 3, 3), new Cond(2, 0, 3)]),
            new CoberturaBuilder(repo.Root).Branch(File, 5, 1, [new Cond(1, 0, 3), new Cond(2, 1, 3)]));

        var line = Assert.Single(Assert.Single(set.Files).Lines);

        Assert.Equal((3, 6), (line.BranchesCovered, line.BranchesTotal));
    }

    [Fact]
    public void Branches_of_different_methods_on_one_line_are_counted_apart()
    {
        var set = Merge(new CoberturaBuilder(repo.Root)
            .Branch(File, 5, 1, [new Cond(1, 1, 2)], method: "get_A")
            .Branch(File, 5, 1, [new Cond(1, 2, 2)], method: "set_A"));

        var line = Assert.Single(Assert.Single(set.Files).Lines);

        Assert.Equal((3, 4), (line.BranchesCovered, line.BranchesTotal));
    }

    [Fact]
    public void Branch_sites_without_conditions_merge_by_the_larger_count()
    {
        var site = new BranchSite(1, 2, new Dictionary<int, Condition>());
        site.MergeFrom(new BranchSite(2, 3, new Dictionary<int, Condition>()));

        Assert.Equal((2, 3), (site.Covered, site.Total));
    }

    [Fact]
    public void A_site_whose_conditions_disagree_with_its_total_keeps_the_report_counts()
    {
        // Three jumps cannot make two paths: the conditions are not coverlet's, so they are not trusted.
        var conditions = new Dictionary<int, Condition>
        {
            [1] = new("jump", 100), [2] = new("jump", 100), [3] = new("jump", 100),
        };
        var site = new BranchSite(1, 2, conditions);
        site.MergeFrom(new BranchSite(0, 2, conditions));

        Assert.Equal((1, 2), (site.Covered, site.Total));
    }

    private CoverageSet Merge(params CoberturaBuilder[] reports)
    {
        var set = new CoverageSet();
        for (var i = 0; i < reports.Length; i++)
        {
            var path = repo.Write($"r{i}.xml", reports[i].Build());
            foreach (var file in CoberturaReader.Read(path, repo.Root))
            {
                set.Add(file);
            }
        }

        return set;
    }
}

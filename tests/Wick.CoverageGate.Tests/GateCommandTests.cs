using Wick.CoverageGate.Settings;

namespace Wick.CoverageGate.Tests;

public sealed class GateCommandTests : IDisposable
{
    private const string LotFile = "src/Wick.Core/Lot/Lot.cs";
    private const string LotSource = """
        namespace Wick.Core.Lot;

        internal sealed class Lot
        {
            public bool Admit(int size)
            {
                if (size > Capacity)
                {
                    return false;
                }

                return true;
            }

            public int Capacity => 4;
        }
        """;

    private readonly TempRepo repo = new();

    public GateCommandTests()
    {
        repo.Write(LotFile, LotSource);
    }

    public void Dispose() => repo.Dispose();

    [Fact]
    public void Gate_passes_a_module_at_its_threshold_and_prints_the_table()
    {
        repo.Thresholds(("Lot", "src/Wick.Core/Lot/**", 100, 100, true));
        var report = WriteReport("r.cobertura.xml", missLine9: false, branchCovered: 2);

        var (exit, output, _) = repo.Gate(report);

        Assert.Equal(GateCommand.Passed, exit);
        Assert.Matches(@"Lot\s+4/4\s+100\.00%\s+2/2\s+100\.00%\s+100/100\s+-\s+ok", output);
        Assert.Contains("coverage gate: PASS", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Gaps in", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_fails_under_threshold_and_the_gap_report_names_file_line_and_source()
    {
        repo.Thresholds(("Lot", "src/Wick.Core/Lot/**", 90, 90, false));
        var report = WriteReport("r.cobertura.xml", missLine9: true, branchCovered: 1);

        var (exit, output, _) = repo.Gate(report);

        Assert.Equal(GateCommand.GateFailed, exit);
        Assert.Matches(@"Lot\s+3/4\s+75\.00%\s+1/2\s+50\.00%\s+90/90\s+-\s+FAIL", output);
        Assert.Contains("line 75.00% is below threshold 90%", output, StringComparison.Ordinal);
        Assert.Contains("branch 50.00% is below threshold 90%", output, StringComparison.Ordinal);
        Assert.Matches(@"src/Wick\.Core/Lot/Lot\.cs:7\s+branches 1/2\s+if \(size > Capacity\)", output);
        Assert.Matches(@"src/Wick\.Core/Lot/Lot\.cs:9\s+not covered\s+return false;", output);
        Assert.Contains("coverage gate: FAIL (1 module(s) failing: Lot", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_reports_merge_into_full_coverage_that_neither_has_alone()
    {
        repo.Thresholds(("Lot", "src/Wick.Core/Lot/**", 100, 100, false));
        var a = repo.Write("a.cobertura.xml", new CoberturaBuilder(repo.Root)
            .Line(LotFile, 6, 1).Branch(LotFile, 7, 1, [new Cond(1, 1, 2)]).Line(LotFile, 9, 1).Line(LotFile, 12, 0)
            .Build());
        var b = repo.Write("b.cobertura.xml", new CoberturaBuilder(repo.Root)
            .Line(LotFile, 6, 1).Branch(LotFile, 7, 1, [new Cond(1, 2, 2)]).Line(LotFile, 9, 0).Line(LotFile, 12, 1)
            .Build());

        Assert.Equal(GateCommand.GateFailed, repo.Gate(a).Exit);
        var (exit, output, _) = repo.Gate(a, b);

        Assert.Equal(GateCommand.Passed, exit);
        Assert.Contains("2 Cobertura report(s) merged", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_argument_takes_every_cobertura_report_under_it()
    {
        repo.Thresholds(("Lot", "src/Wick.Core/Lot/**", 0, 0, false));
        WriteReport("reports/one/x.cobertura.xml", missLine9: false, branchCovered: 2);
        WriteReport("reports/two/coverage.cobertura.251126080006736.xml", missLine9: false, branchCovered: 2);
        repo.Write("reports/ignored.xml", "<not-a-report/>");

        var (exit, output, _) = repo.Gate(Path.Combine(repo.Root, "reports"));

        Assert.Equal(GateCommand.Passed, exit);
        Assert.Contains("2 Cobertura report(s) merged", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Coverage_below_the_baseline_fails_even_above_the_threshold()
    {
        repo.Thresholds(("Lot", "src/Wick.Core/Lot/**", 50, 50, false));
        repo.Write("coverage/baseline.json", """{ "Lot": { "line": 100, "branch": 50 } }""");
        var report = WriteReport("r.cobertura.xml", missLine9: true, branchCovered: 1);

        var (exit, output, _) = repo.Gate(report);

        Assert.Equal(GateCommand.GateFailed, exit);
        Assert.Contains("line 75.00% is below baseline 100%", output, StringComparison.Ordinal);
        Assert.DoesNotContain("branch 50.00% is below", output, StringComparison.Ordinal);
        Assert.Matches(@"50/50\s+100\.00/50\.00\s+FAIL", output);
    }

    [Theory]
    [InlineData("75.005", GateCommand.Passed)]
    [InlineData("75.009", GateCommand.Passed)]
    [InlineData("75.02", GateCommand.GateFailed)]
    public void Only_float_noise_within_epsilon_is_forgiven_against_the_baseline(string baselineLine, int expectedExit)
    {
        repo.Thresholds(("Lot", "src/Wick.Core/Lot/**", 0, 0, false));
        repo.Write("coverage/baseline.json", $$"""{ "Lot": { "line": {{baselineLine}}, "branch": 50.009 } }""");
        var report = WriteReport("r.cobertura.xml", missLine9: true, branchCovered: 1);

        Assert.Equal(expectedExit, repo.Gate(report).Exit);
    }

    [Fact]
    public void Update_baseline_raises_values_that_improved_and_never_lowers_any()
    {
        repo.Thresholds(
            ("Lot", "src/Wick.Core/Lot/**", 0, 0, false),
            ("Empty", "src/Wick.Core/None/**", 0, 0, false));
        repo.Write("coverage/baseline.json", """
            { "Lot": { "line": 60, "branch": 80 }, "Gone": { "line": 10, "branch": 10 } }
            """);
        var report = WriteReport("r.cobertura.xml", missLine9: true, branchCovered: 1);

        var (exit, output, _) = repo.Gate(report, "--update-baseline");
        var baseline = BaselineFile.Load(repo.BaselinePath);

        Assert.Equal(GateCommand.GateFailed, exit); // branch 50 % is under the old baseline of 80 %
        Assert.Equal(new BaselineEntry(75, 80), baseline["Lot"]);
        Assert.Equal(new BaselineEntry(10, 10), baseline["Gone"]);
        Assert.False(baseline.ContainsKey("Empty"));
        Assert.Contains("Lot: line 60.00 -> 75.00, branch 80.00 -> 80.00", output, StringComparison.Ordinal);

        var again = repo.Gate(WriteReport("r2.cobertura.xml", missLine9: true, branchCovered: 0), "--update-baseline");
        Assert.Contains("baseline unchanged", again.Output, StringComparison.Ordinal);
        Assert.Equal(new BaselineEntry(75, 80), BaselineFile.Load(repo.BaselinePath)["Lot"]);
    }

    [Fact]
    public void Update_baseline_records_a_new_module_and_skips_branches_it_does_not_have()
    {
        repo.Thresholds(("Lot", "src/Wick.Core/Lot/**", 0, 0, false));
        var report = repo.Write("r.cobertura.xml", new CoberturaBuilder(repo.Root)
            .Line(LotFile, 6, 1).Line(LotFile, 9, 0).Build());

        var (exit, output, _) = repo.Gate(report, "--update-baseline");

        Assert.Equal(GateCommand.Passed, exit);
        Assert.Equal(new BaselineEntry(50, 0), BaselineFile.Load(repo.BaselinePath)["Lot"]);
        Assert.Contains("Lot: new, line 50.00, branch 0.00", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exclusion_without_justification_fails_and_every_exclusion_is_listed()
    {
        repo.Thresholds(("Lot", "src/Wick.Core/Lot/**", 0, 0, false));
        repo.Write("src/Wick.Core/Lot/Native.cs", """
            using System.Diagnostics.CodeAnalysis;
            namespace Wick.Core.Lot;
            [ExcludeFromCodeCoverage(Justification = "P/Invoke shim")]
            internal static class Native { }
            [ExcludeFromCodeCoverage]
            internal static class Lazy { }
            """);
        repo.Write("tools/Other/Bare.cs", "[ExcludeFromCodeCoverage(Justification = \"\")] class Bare { }");
        var report = WriteReport("r.cobertura.xml", missLine9: false, branchCovered: 2);

        var (exit, output, _) = repo.Gate(report);

        Assert.Equal(GateCommand.GateFailed, exit);
        Assert.Contains("Coverage exclusions (3):", output, StringComparison.Ordinal);
        Assert.Contains("src/Wick.Core/Lot/Native.cs:3  [Lot]  \"P/Invoke shim\"", output, StringComparison.Ordinal);
        Assert.Contains("src/Wick.Core/Lot/Native.cs:5  [Lot]  MISSING Justification", output, StringComparison.Ordinal);
        Assert.Contains("tools/Other/Bare.cs:1  [no module]  MISSING Justification", output, StringComparison.Ordinal);
        Assert.Contains("src/Wick.Core/Lot/Native.cs:5: [ExcludeFromCodeCoverage] without a Justification", output,
            StringComparison.Ordinal);
        Assert.Contains("0 module(s) failing; 2 unjustified exclusion(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Crash_audit_findings_fail_a_module_that_must_have_none_and_are_listed_elsewhere()
    {
        repo.Thresholds(
            ("Lot", "src/Wick.Core/Lot/**", 0, 0, true),
            ("Server", "src/Wick.Server/**", 0, 0, false));
        repo.Write("src/Wick.Core/Lot/Bad.cs", """
            namespace Wick.Core.Lot;
            internal static class Bad
            {
                public static int Length(string? s) => s!.Length;
                public static void Block(Task t) => t.Wait();
            }
            """);
        repo.Write("src/Wick.Server/Api.cs", "class Api { async void Fire() { Environment.Exit(1); } }");
        repo.Write("src/Wick.Cli/Program.cs", "Environment.Exit(2);");
        var report = WriteReport("r.cobertura.xml", missLine9: false, branchCovered: 2);

        var (exit, output, _) = repo.Gate(report);

        Assert.Equal(GateCommand.GateFailed, exit);
        Assert.Contains("Lot: 2 crash-audit finding(s) where none are allowed", output, StringComparison.Ordinal);
        Assert.Matches(@"Lot\s+1\s+1\s+0\s+0\s+yes", output);
        Assert.Matches(@"Server\s+0\s+0\s+1\s+1\s+no", output);
        Assert.Contains("src/Wick.Core/Lot/Bad.cs:4  [Lot]  null-forgiving  s!  |  public static int Length(string? s) => s!.Length;",
            output, StringComparison.Ordinal);
        Assert.Contains("src/Wick.Core/Lot/Bad.cs:5  [Lot]  blocking-wait  .Wait(", output, StringComparison.Ordinal);
        Assert.Contains("src/Wick.Server/Api.cs:1  [Server]  async-void", output, StringComparison.Ordinal);
        Assert.Contains("src/Wick.Server/Api.cs:1  [Server]  process-exit  Environment.Exit", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Program.cs", output, StringComparison.Ordinal);
        Assert.Contains("FAIL (1 module(s) failing: Lot;", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_module_without_files_reports_no_code_yet_and_passes()
    {
        repo.Thresholds(
            ("Lot", "src/Wick.Core/Lot/**", 0, 0, false),
            ("Scheduling", "src/Wick.Core/Scheduling/**", 100, 100, true));
        var report = WriteReport("r.cobertura.xml", missLine9: true, branchCovered: 1);

        var (exit, output, _) = repo.Gate(report);

        Assert.Equal(GateCommand.Passed, exit);
        Assert.Matches(@"Scheduling\s+-\s+-\s+-\s+-\s+100/100\s+-\s+no code yet", output);
    }

    [Fact]
    public void Code_no_report_mentions_counts_as_uncovered_lines_estimated_from_source()
    {
        repo.Thresholds(
            ("Lot", "src/Wick.Core/Lot/**", 0, 0, false),
            ("Server", "src/Wick.Server/**", 95, 95, false),
            ("Contracts", "src/Wick.Core/Contracts/**", 100, 100, false));
        repo.Write("src/Wick.Server/Api.cs", "class Api\n{\n    int Answer() => 42;\n}\n");
        repo.Write("src/Wick.Core/Contracts/IThing.cs", "interface IThing { void Do(); }");
        var report = WriteReport("r.cobertura.xml", missLine9: false, branchCovered: 2);

        var (exit, output, _) = repo.Gate(report);

        Assert.Equal(GateCommand.GateFailed, exit);
        Assert.Matches(@"Server\s+0/1\s+0\.00%\s+0/0\s+n/a\s+95/95\s+-\s+FAIL", output);
        Assert.Contains("src/Wick.Server/Api.cs: in no coverage report, 1 code line(s) unmeasured", output,
            StringComparison.Ordinal);
        Assert.Matches(@"Contracts\s+0/0\s+n/a\s+0/0\s+n/a\s+100/100\s+-\s+ok", output);
    }

    [Fact]
    public void Modules_match_by_namespace_and_files_outside_modules_are_counted()
    {
        var json = """
            { "modules": { "Lot": { "namespaces": ["Wick.Core.Lot"], "line": 100, "branch": 100 } } }
            """;
        repo.Write("coverage/thresholds.json", json);
        var report = repo.Write("r.cobertura.xml", new CoberturaBuilder(repo.Root)
            .Line("elsewhere/Lot.cs", 3, 1, cls: "Wick.Core.Lot.Lot")
            .Line("elsewhere/Other.cs", 3, 0, cls: "Wick.Other.X")
            .Build());

        var (exit, output, _) = repo.Gate(report);

        Assert.Equal(GateCommand.GateFailed, exit); // src/Wick.Core/Lot/Lot.cs declares the namespace but is in no report
        Assert.Contains("1 covered file(s) belong to no module", output, StringComparison.Ordinal);
        // Covered line 3 of elsewhere/Lot.cs, plus the 4 code lines of the unreported source file.
        Assert.Matches(@"Lot\s+1/5\s+20\.00%", output);
        Assert.DoesNotContain("Other.cs", output, StringComparison.Ordinal);
        Assert.Contains("src/Wick.Core/Lot/Lot.cs: in no coverage report", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Gap_lines_past_the_end_of_a_file_or_in_missing_files_say_so()
    {
        repo.Thresholds(("All", "**", 0, 0, false));
        repo.Write("other/Outside.cs", "line one\nline two\n");
        var report = repo.Write("r.cobertura.xml", new CoberturaBuilder(repo.Root)
            .Line(LotFile, 99, 0)
            .Line(LotFile, 0, 0)
            .Branch(LotFile, 7, 0, [new Cond(12, 0, 2)])
            .Line("other/Outside.cs", 2, 0)
            .Line("src/Gone.cs", 1, 0)
            .Line("/abs/elsewhere/X.cs", 2, 0)
            .Build());

        var (_, output, _) = repo.Gate(report);

        Assert.Matches(@"Lot\.cs:99\s+not covered\s+\(line beyond end of file\)", output);
        Assert.Matches(@"Lot\.cs:0\s+not covered\s+\(line beyond end of file\)", output);
        Assert.Matches(@"Lot\.cs:7\s+not covered, branches 0/2\s+if \(size > Capacity\)", output);
        Assert.Matches(@"other/Outside\.cs:2\s+not covered\s+line two", output);
        Assert.Matches(@"src/Gone\.cs:1\s+not covered\s+\(source file not found\)", output);
        Assert.Matches(@"/abs/elsewhere/X\.cs:2\s+not covered\s+\(source file not found\)", output);
    }

    [Fact]
    public void Consecutive_uncovered_lines_form_one_gap_shown_with_the_first_line()
    {
        repo.Thresholds(("Lot", "src/Wick.Core/Lot/**", 100, 100, false));
        var report = repo.Write("r.cobertura.xml", new CoberturaBuilder(repo.Root)
            .Line(LotFile, 6, 0)
            .Branch(LotFile, 7, 0, [new Cond(12, 0, 2)])
            .Line(LotFile, 9, 0)
            .Line(LotFile, 12, 0)
            .Line(LotFile, 13, 1)
            .Line(LotFile, 15, 0)
            .Build());

        var (_, output, _) = repo.Gate(report);

        Assert.Matches(@"Lot\.cs:6\s+not covered\s+\{", output);
        Assert.Matches(@"Lot\.cs:7\s+not covered, branches 0/2\s+if \(size > Capacity\)", output);
        Assert.Matches(@"Lot\.cs:9-12\s+not covered \(2 lines\)\s+return false;", output);
        Assert.Matches(@"Lot\.cs:15\s+not covered\s+public int Capacity => 4;", output);
        Assert.DoesNotContain("Lot.cs:13", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_source_lines_are_clipped_in_the_gap_report()
    {
        repo.Thresholds(("Lot", "src/Wick.Core/Lot/**", 0, 0, false));
        repo.Write("src/Wick.Core/Lot/Long.cs", $"class L {{ int M() => {new string('1', 300)}; }}");
        var report = repo.Write("r.cobertura.xml", new CoberturaBuilder(repo.Root)
            .Line("src/Wick.Core/Lot/Long.cs", 1, 0).Build());

        var (_, output, _) = repo.Gate(report);

        var gapLine = output.Split('\n').Single(l => l.Contains("Long.cs:1", StringComparison.Ordinal));
        Assert.EndsWith("…", gapLine.TrimEnd(), StringComparison.Ordinal);
        Assert.True(gapLine.Length < 250);
    }

    [Fact]
    public void Help_prints_usage_and_exits_zero()
    {
        using var output = new StringWriter();

        var exit = GateCommand.Run(["--help"], output, TextWriter.Null, repo.Root);

        Assert.Equal(GateCommand.Passed, exit);
        Assert.Contains("usage: wick-coverage-gate", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "unknown option --bogus")]
    [InlineData(new[] { "--thresholds" }, "--thresholds needs a value")]
    [InlineData(new string[0], "no Cobertura reports given")]
    [InlineData(new[] { "missing.xml" }, "report not found")]
    [InlineData(new[] { "empty-folder" }, "no Cobertura reports given")]
    public void Bad_command_lines_exit_two_with_a_reason(string[] args, string reason)
    {
        Directory.CreateDirectory(Path.Combine(repo.Root, "empty-folder"));
        using var error = new StringWriter();

        var exit = GateCommand.Run(args, TextWriter.Null, error, repo.Root);

        Assert.Equal(GateCommand.BadInput, exit);
        Assert.Contains(reason, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_thresholds_file_exits_two()
    {
        var report = WriteReport("r.cobertura.xml", missLine9: false, branchCovered: 2);

        var (exit, _, error) = repo.Gate(report);

        Assert.Equal(GateCommand.BadInput, exit);
        Assert.Contains("thresholds file not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_find_the_repository_root_and_its_coverage_folder()
    {
        repo.Write("Wick.sln", string.Empty);
        repo.Thresholds(("Lot", "src/Wick.Core/Lot/**", 100, 100, false));
        WriteReport("artifacts/coverage/r.cobertura.xml", missLine9: false, branchCovered: 2);
        var start = Path.Combine(repo.Root, "src", "Wick.Core");
        using var output = new StringWriter();

        var exit = GateCommand.Run(["../../artifacts/coverage"], output, TextWriter.Null, start);

        Assert.Equal(GateCommand.Passed, exit);
        Assert.Contains("Lot", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Program_main_runs_the_command()
    {
        Assert.Equal(GateCommand.BadInput, Program.Main(["--no-such-option"]));
    }

    private string WriteReport(string name, bool missLine9, int branchCovered) =>
        repo.Write(name, new CoberturaBuilder(repo.Root)
            .Line(LotFile, 6, 3, cls: "Wick.Core.Lot.Lot")
            .Branch(LotFile, 7, 3, [new Cond(12, branchCovered, 2)], cls: "Wick.Core.Lot.Lot")
            .Line(LotFile, 9, missLine9 ? 0 : 1, cls: "Wick.Core.Lot.Lot")
            .Line(LotFile, 12, 2, cls: "Wick.Core.Lot.Lot")
            .Build());
}

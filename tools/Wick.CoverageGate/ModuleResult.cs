using Wick.CoverageGate.Settings;
using Wick.CoverageGate.Source;

namespace Wick.CoverageGate;

/// <summary>One module's coverage, gaps, crash audit and verdict.</summary>
internal sealed record ModuleResult(
    ModuleSpec Spec,
    bool HasCode,
    int LinesCovered,
    int LinesTotal,
    int BranchesCovered,
    int BranchesTotal,
    BaselineEntry? Baseline,
    IReadOnlyList<GapLine> Gaps,
    IReadOnlyList<UnmeasuredFile> UnmeasuredFiles,
    IReadOnlyList<CrashFinding> Findings,
    IReadOnlyList<string> Failures)
{
    /// <summary>Line coverage, percent; 100 when there is nothing to cover.</summary>
    public double LinePercent => Percent(LinesCovered, LinesTotal);

    /// <summary>Branch coverage, percent; 100 when there are no branches.</summary>
    public double BranchPercent => Percent(BranchesCovered, BranchesTotal);

    public bool Passed => Failures.Count == 0;

    public string Status => !HasCode ? "no code yet" : Passed ? "ok" : "FAIL";

    private static double Percent(int covered, int total) => total == 0 ? 100 : 100.0 * covered / total;
}

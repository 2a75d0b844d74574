namespace Wick.CoverageGate;

/// <summary>One line the tests do not fully exercise: the next test to write starts here.</summary>
/// <param name="Path">Repo-relative file.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Covered">Whether the line ran at all.</param>
/// <param name="BranchesCovered">Branch paths taken on this line.</param>
/// <param name="BranchesTotal">Branch paths on this line.</param>
/// <param name="Instrumented">False when the file is in no coverage report (the line is an estimate from the source).</param>
/// <param name="Text">The source line, trimmed.</param>
internal sealed record GapLine(
    string Path, int Line, bool Covered, int BranchesCovered, int BranchesTotal, bool Instrumented, string Text)
{
    public string Describe() =>
        !Instrumented ? "not instrumented"
        : !Covered && BranchesTotal > 0 ? $"not covered, branches {BranchesCovered}/{BranchesTotal}"
        : !Covered ? "not covered"
        : $"branches {BranchesCovered}/{BranchesTotal}";
}

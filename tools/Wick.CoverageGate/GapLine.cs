namespace Wick.CoverageGate;

/// <summary>
/// Lines the tests do not fully exercise: the next test to write starts here. A run of uncovered lines with nothing
/// covered between them is one gap (<see cref="Line"/>..<see cref="EndLine"/>), shown with its first line's text.
/// </summary>
/// <param name="Path">Repo-relative file.</param>
/// <param name="Line">First 1-based line.</param>
/// <param name="EndLine">Last line of the run (equal to <paramref name="Line"/> for a single line).</param>
/// <param name="LineCount">Coverable lines in the run.</param>
/// <param name="Covered">Whether the line ran at all (always false for a run).</param>
/// <param name="BranchesCovered">Branch paths taken on this line.</param>
/// <param name="BranchesTotal">Branch paths on this line.</param>
/// <param name="Text">The source text of the first line, trimmed.</param>
internal sealed record GapLine(
    string Path, int Line, int EndLine, int LineCount, bool Covered, int BranchesCovered, int BranchesTotal, string Text)
{
    public string Location => Line == EndLine ? $"{Path}:{Line}" : $"{Path}:{Line}-{EndLine}";

    public string Describe() =>
        LineCount > 1 ? $"not covered ({LineCount} lines)"
        : !Covered && BranchesTotal > 0 ? $"not covered, branches {BranchesCovered}/{BranchesTotal}"
        : !Covered ? "not covered"
        : $"branches {BranchesCovered}/{BranchesTotal}";
}

namespace Wick.CoverageGate;

/// <summary>A module source file that no coverage report mentions: no test project loads its assembly.</summary>
/// <param name="Path">Repo-relative file.</param>
/// <param name="CodeLines">Lines holding code, estimated from the syntax tree; all count as uncovered.</param>
internal sealed record UnmeasuredFile(string Path, int CodeLines);

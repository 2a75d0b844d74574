namespace Wick.CoverageGate.Source;

/// <summary>What the gate learns from one C# file's syntax.</summary>
/// <param name="Path">Repo-relative file.</param>
/// <param name="Namespaces">Namespaces it declares (nested ones joined with '.').</param>
/// <param name="Exclusions">Its coverage exclusions.</param>
/// <param name="Findings">Its crash-audit findings.</param>
/// <param name="CodeLines">
/// Lines holding executable code outside excluded members: an estimate of the coverable lines, used only when the file
/// is in no coverage report at all (its assembly was not loaded by any test).
/// </param>
internal sealed record SourceFacts(
    string Path,
    IReadOnlyList<string> Namespaces,
    IReadOnlyList<CoverageExclusion> Exclusions,
    IReadOnlyList<CrashFinding> Findings,
    IReadOnlyList<int> CodeLines);

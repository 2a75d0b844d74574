namespace Wick.CoverageGate.Source;

/// <summary>One <c>[ExcludeFromCodeCoverage]</c> in the source.</summary>
/// <param name="Path">Repo-relative file.</param>
/// <param name="Line">1-based line of the attribute.</param>
/// <param name="Justification">Its <c>Justification</c>, or null when there is none.</param>
internal sealed record CoverageExclusion(string Path, int Line, string? Justification)
{
    public bool IsJustified => !string.IsNullOrWhiteSpace(Justification);
}

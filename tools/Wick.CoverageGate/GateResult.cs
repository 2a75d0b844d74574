using Wick.CoverageGate.Source;

namespace Wick.CoverageGate;

/// <summary>The whole gate's outcome.</summary>
/// <param name="Modules">Per module, in thresholds-file order.</param>
/// <param name="Exclusions">Every coverage exclusion in the scanned sources, with the module that owns it (or null).</param>
/// <param name="Failures">Failures that belong to no single module (exclusions without a justification).</param>
/// <param name="ReportCount">How many Cobertura reports were merged.</param>
/// <param name="UnassignedFiles">Covered files that belong to no module (tests, tools without a threshold).</param>
internal sealed record GateResult(
    IReadOnlyList<ModuleResult> Modules,
    IReadOnlyList<(CoverageExclusion Exclusion, string? Module)> Exclusions,
    IReadOnlyList<string> Failures,
    int ReportCount,
    int UnassignedFiles)
{
    public bool Passed => Failures.Count == 0 && Modules.All(m => m.Passed);
}

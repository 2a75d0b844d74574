namespace Wick.CoverageGate.Settings;

/// <summary>Last recorded coverage of one module, percent.</summary>
internal sealed record BaselineEntry(double Line, double Branch);

namespace Wick.Core.Certification;

/// <summary>What one probe produced: its completion (or the error that stopped it), whether it matched, how long it took.</summary>
public sealed record ProbeResult(CertificationProbe Probe, string? Completion, string? Error, bool Passed, TimeSpan Elapsed);

namespace Wick.Core.Scheduling;

/// <summary>
/// The scheduler's bounds: running sequences (at most the device's slots), tokens per step, tokens of one prompt per
/// step, and the KV cells shared by all sequences.
/// </summary>
internal sealed record SchedulerLimits(int MaxRunning, int StepTokenBudget, int PrefillChunk, int KvCapacity);

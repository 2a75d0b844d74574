namespace Wick.Core.Scheduling;

/// <summary>
/// One sequence's share of a step: <paramref name="Count"/> tokens from position <paramref name="Start"/>; logits are
/// wanted for the last one when the chunk reaches the end of the sequence's tokens (then a new token is sampled).
/// </summary>
internal readonly record struct ScheduledChunk(Sequence Sequence, int Start, int Count, bool NeedsLogits)
{
    /// <summary>More than one token, or not yet reaching the end: prompt (or recompute) work rather than one decode token.</summary>
    public bool IsPrefill => Count > 1 || !NeedsLogits;
}

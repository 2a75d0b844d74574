namespace Wick.Core.Sampling;

/// <summary>
/// Chooses the next token of one sequence from its logits row. One instance per sequence, called only on the engine
/// thread; it remembers the tokens it chose (for penalties), so a preempted and recomputed sequence keeps its state.
/// </summary>
public interface ISequenceSampler
{
    /// <summary>Samples from <paramref name="logits"/> (one float per vocabulary entry; may be modified in place).</summary>
    SampledToken Sample(Span<float> logits);
}

using Wick.Core.Text;

namespace Wick.Core.Execution;

/// <summary>
/// The one seam between scheduling and the device. One <see cref="Decode"/> runs one batch plan; the executor keeps
/// each sequence slot's KV cells between steps. Every member except <see cref="RequestAbort"/> is called only on the
/// engine thread.
/// </summary>
public interface IModelExecutor
{
    /// <summary>The model's vocabulary (logits row length, token bytes, end-of-generation tokens).</summary>
    ITokenVocabulary Vocabulary { get; }

    /// <summary>Sequence slots the device holds at once; slot ids are 0..MaxSequences-1.</summary>
    int MaxSequences { get; }

    /// <summary>KV cells shared by all slots; also the longest sequence (prompt plus output) one slot can hold.</summary>
    int KvCapacity { get; }

    /// <summary>The most tokens one <see cref="Decode"/> accepts.</summary>
    int MaxBatchTokens { get; }

    /// <summary>KV cells the device holds right now, summed over slots.</summary>
    int KvCellsInUse { get; }

    /// <summary>
    /// Runs one decode of <paramref name="batch"/>. On <see cref="StepStatus.Ok"/> the rows that asked for logits can be
    /// read with <see cref="GetLogits"/> until the next call, and the batch's tokens are in the KV cache. On any other
    /// status none of the batch's tokens may be relied on: the caller removes them with <see cref="RemoveCells"/>.
    /// </summary>
    StepOutcome Decode(StepBatch batch);

    /// <summary>The logits of batch row <paramref name="row"/> of the last successful decode (the sampler may change them in place).</summary>
    Span<float> GetLogits(int row);

    /// <summary>Frees the KV cells of <paramref name="slot"/> at positions <paramref name="fromPosition"/> and later (0: all of them).</summary>
    void RemoveCells(int slot, int fromPosition);

    /// <summary>Makes a running (or the next) decode stop early with <see cref="StepStatus.Aborted"/>. Safe from any thread.</summary>
    void RequestAbort();

    /// <summary>Clears an abort request; called between steps, before the next decode is armed.</summary>
    void ClearAbort();
}

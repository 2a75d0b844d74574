using Wick.Core.Execution;
using Wick.Core.Text;

namespace Wick.Bench.Micro;

/// <summary>
/// A device that costs nothing: every decode succeeds at once and every logits row is the same fixed row (a clear
/// favourite among small random values), so what a step costs is the engine's own work around the device.
/// </summary>
internal sealed class NullExecutor : IModelExecutor
{
    private readonly float[] _row;
    private int _cells;

    public NullExecutor(ITokenVocabulary vocabulary, int maxSequences)
    {
        Vocabulary = vocabulary;
        MaxSequences = maxSequences;
        var random = new Random(7);
        _row = [.. Enumerable.Range(0, vocabulary.Size).Select(_ => (float)random.NextDouble())];
        _row['a'] = 10f;
    }

    public ITokenVocabulary Vocabulary { get; }

    public int MaxSequences { get; }

    public int KvCapacity => 1 << 24;

    public int MaxBatchTokens => 512;

    public int KvCellsInUse => _cells;

    public StepOutcome Decode(StepBatch batch)
    {
        _cells += batch.Count;
        return StepOutcome.Ok;
    }

    /// <summary>The same row every time, uncopied, as llama.cpp hands out its own buffer; the sampler's in-place
    /// masking of end-of-generation tokens leaves the favourite unchanged.</summary>
    public Span<float> GetLogits(int row) => _row;

    public void RemoveCells(int slot, int fromPosition) => _cells = Math.Max(0, _cells - 1);

    public void RequestAbort()
    {
    }

    public void ClearAbort()
    {
    }
}

namespace Wick.Core.Execution;

/// <summary>
/// One step's batch plan: for each row, the sequence slot, the token, its position, and whether its logits are wanted.
/// Reused from step to step by the engine (no per-step allocation once it has grown).
/// </summary>
public sealed class StepBatch
{
    private int[] slots;
    private int[] tokens;
    private int[] positions;
    private bool[] logits;

    public StepBatch(int initialCapacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        slots = new int[initialCapacity];
        tokens = new int[initialCapacity];
        positions = new int[initialCapacity];
        logits = new bool[initialCapacity];
    }

    /// <summary>Rows in the batch.</summary>
    public int Count { get; private set; }

    public ReadOnlySpan<int> Slots => slots.AsSpan(0, Count);

    public ReadOnlySpan<int> Tokens => tokens.AsSpan(0, Count);

    public ReadOnlySpan<int> Positions => positions.AsSpan(0, Count);

    public ReadOnlySpan<bool> NeedsLogits => logits.AsSpan(0, Count);

    /// <summary>Adds one row; returns its index, which is also the row to read logits from.</summary>
    public int Add(int slot, int token, int position, bool needsLogits)
    {
        if (Count == slots.Length)
        {
            var size = Count * 2;
            Array.Resize(ref slots, size);
            Array.Resize(ref tokens, size);
            Array.Resize(ref positions, size);
            Array.Resize(ref logits, size);
        }

        slots[Count] = slot;
        tokens[Count] = token;
        positions[Count] = position;
        logits[Count] = needsLogits;
        return Count++;
    }

    public void Clear() => Count = 0;
}

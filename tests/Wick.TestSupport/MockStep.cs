namespace Wick.TestSupport;

/// <summary>What the mock saw in one <c>Decode</c>: its index, rows, distinct sequences, rows per slot, and what it did.</summary>
public sealed record MockStep(int Index, int Tokens, int Sequences, IReadOnlyDictionary<int, int> RowsPerSlot, int KvCellsBefore)
{
    public MockActionKind Action { get; set; }

    public Wick.Core.Execution.StepStatus Outcome { get; set; }
}

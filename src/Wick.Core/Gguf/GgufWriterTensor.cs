namespace Wick.Core.Gguf;

/// <summary>A tensor queued in a <see cref="GgufWriter"/>: its directory entry and where its floats come from, either
/// held in memory or produced row by row at write time.</summary>
internal sealed record GgufWriterTensor(
    string Name,
    GgmlType Type,
    long[] Dimensions,
    long ElementCount,
    long ByteSize,
    ReadOnlyMemory<float> Data,
    Action<Span<float>, long>? FillRow)
{
    public int RowLength => (int)Dimensions[0];

    public long RowCount => ElementCount / RowLength;

    public int RowBytes => (int)(ByteSize / RowCount);
}

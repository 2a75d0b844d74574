namespace Wick.Core.Gguf;

/// <summary>One entry of a GGUF file's tensor directory. <see cref="Dimensions"/> are in ggml order (the first is the
/// contiguous row length); <see cref="Offset"/> is relative to the data section, <see cref="FileOffset"/> absolute.</summary>
public sealed record GgufTensorInfo(
    string Name,
    GgmlType Type,
    IReadOnlyList<long> Dimensions,
    long ElementCount,
    long Offset,
    long FileOffset,
    long ByteSize);

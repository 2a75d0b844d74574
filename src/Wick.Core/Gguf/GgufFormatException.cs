namespace Wick.Core.Gguf;

/// <summary>A GGUF file is truncated, corrupt or uses a feature this reader does not support. The message names what is
/// wrong and the byte offset where it was found.</summary>
public sealed class GgufFormatException : Exception
{
    public GgufFormatException(string problem, long offset)
        : base($"{problem} (at byte offset {offset})")
    {
        Offset = offset;
    }

    /// <summary>The byte offset in the file where the problem was found.</summary>
    public long Offset { get; }
}

namespace Wick.Core.Gguf;

/// <summary>Constants of the GGUF container shared by the reader and the writer.</summary>
internal static class GgufFormat
{
    /// <summary>"GGUF" read as a little-endian uint.</summary>
    public const uint Magic = 0x46554747;

    public const uint Version = 3;

    public const uint DefaultAlignment = 32;

    /// <summary>ggml's GGML_MAX_DIMS.</summary>
    public const int MaxDimensions = 4;

    /// <summary>ggml's GGML_MAX_NAME (64) less the terminating NUL.</summary>
    public const int MaxTensorNameBytes = 63;

    /// <summary>How many array levels may nest (an array of scalars is one level); bounds the reader's recursion.</summary>
    public const int MaxArrayDepth = 8;

    public static long Align(long offset, uint alignment) => (offset + alignment - 1) / alignment * alignment;
}

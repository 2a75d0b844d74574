namespace Wick.Core.Gguf;

/// <summary>How many elements one block of a ggml type holds and how many bytes it takes (ggml's type traits).</summary>
internal readonly record struct GgmlTypeLayout(int BlockSize, int TypeSize)
{
    private const int QkK = 256;

    /// <summary>The layout of <paramref name="type"/>, or null for a type number ggml does not define.</summary>
    public static GgmlTypeLayout? Of(GgmlType type) => type switch
    {
        GgmlType.F32 => new(1, 4),
        GgmlType.F16 => new(1, 2),
        GgmlType.Q4_0 => new(32, 2 + 16),
        GgmlType.Q4_1 => new(32, 2 + 2 + 16),
        GgmlType.Q5_0 => new(32, 2 + 4 + 16),
        GgmlType.Q5_1 => new(32, 2 + 2 + 4 + 16),
        GgmlType.Q8_0 => new(32, 2 + 32),
        GgmlType.Q8_1 => new(32, 2 + 2 + 32),
        GgmlType.Q2_K => new(QkK, 2 + 2 + (QkK / 16) + (QkK / 4)),
        GgmlType.Q3_K => new(QkK, 2 + (QkK / 4) + (QkK / 8) + 12),
        GgmlType.Q4_K => new(QkK, 2 + 2 + (QkK / 2) + 12),
        GgmlType.Q5_K => new(QkK, 2 + 2 + (QkK / 2) + (QkK / 8) + 12),
        GgmlType.Q6_K => new(QkK, 2 + (QkK / 2) + (QkK / 4) + (QkK / 16)),
        GgmlType.Q8_K => new(QkK, 4 + QkK + (QkK / 8)),
        GgmlType.IQ2_XXS => new(QkK, 2 + (QkK / 4)),
        GgmlType.IQ2_XS => new(QkK, 2 + (QkK / 4) + (QkK / 32)),
        GgmlType.IQ3_XXS => new(QkK, 2 + (QkK / 4) + (QkK / 8)),
        GgmlType.IQ1_S => new(QkK, 2 + (QkK / 8) + (QkK / 16)),
        GgmlType.IQ4_NL => new(32, 2 + 16),
        GgmlType.IQ3_S => new(QkK, 2 + (QkK / 4) + (QkK / 8) + (QkK / 32) + 4),
        GgmlType.IQ2_S => new(QkK, 2 + (QkK / 4) + (QkK / 16)),
        GgmlType.IQ4_XS => new(QkK, 2 + 2 + (QkK / 2) + (QkK / 64)),
        GgmlType.I8 => new(1, 1),
        GgmlType.I16 => new(1, 2),
        GgmlType.I32 => new(1, 4),
        GgmlType.I64 => new(1, 8),
        GgmlType.F64 => new(1, 8),
        GgmlType.IQ1_M => new(QkK, (QkK / 8) + (QkK / 16) + (QkK / 32)),
        GgmlType.BF16 => new(1, 2),
        GgmlType.TQ1_0 => new(QkK, 2 + (4 * 13)),
        GgmlType.TQ2_0 => new(QkK, 2 + 64),
        GgmlType.MXFP4 => new(32, 1 + 16),
        _ => null,
    };
}

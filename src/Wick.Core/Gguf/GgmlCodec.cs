using System.Buffers.Binary;

namespace Wick.Core.Gguf;

/// <summary>Encodes rows of floats into ggml's block layouts and back. The quantizers follow llama.cpp's reference
/// implementations (<c>quantize_row_q8_0_ref</c>, <c>quantize_row_q4_0_ref</c>) step for step, so the bytes match what
/// llama.cpp itself would write for the same floats.</summary>
internal static class GgmlCodec
{
    private const int BlockSize = 32;

    /// <summary>True for the types <see cref="Encode"/> and <see cref="Decode"/> handle.</summary>
    public static bool Supports(GgmlType type) => type is GgmlType.F32 or GgmlType.F16 or GgmlType.Q8_0 or GgmlType.Q4_0;

    /// <summary>Encodes <paramref name="source"/> (a whole number of blocks) into <paramref name="destination"/>.</summary>
    public static void Encode(GgmlType type, ReadOnlySpan<float> source, Span<byte> destination)
    {
        switch (type)
        {
            case GgmlType.F32:
                for (var i = 0; i < source.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], source[i]);
                }

                break;
            case GgmlType.F16:
                for (var i = 0; i < source.Length; i++)
                {
                    BinaryPrimitives.WriteHalfLittleEndian(destination[(i * 2)..], (Half)source[i]);
                }

                break;
            case GgmlType.Q8_0:
                for (var b = 0; b < source.Length / BlockSize; b++)
                {
                    EncodeQ8_0Block(source.Slice(b * BlockSize, BlockSize), destination.Slice(b * 34, 34));
                }

                break;
            case GgmlType.Q4_0:
                for (var b = 0; b < source.Length / BlockSize; b++)
                {
                    EncodeQ4_0Block(source.Slice(b * BlockSize, BlockSize), destination.Slice(b * 18, 18));
                }

                break;
            default:
                throw new NotSupportedException($"Encoding {type} is not supported.");
        }
    }

    /// <summary>Decodes <paramref name="source"/> into <paramref name="destination"/> (its length is the element count).</summary>
    public static void Decode(GgmlType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (type)
        {
            case GgmlType.F32:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
                }

                break;
            case GgmlType.F16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(i * 2)..]);
                }

                break;
            case GgmlType.Q8_0:
                for (var b = 0; b < destination.Length / BlockSize; b++)
                {
                    DecodeQ8_0Block(source.Slice(b * 34, 34), destination.Slice(b * BlockSize, BlockSize));
                }

                break;
            case GgmlType.Q4_0:
                for (var b = 0; b < destination.Length / BlockSize; b++)
                {
                    DecodeQ4_0Block(source.Slice(b * 18, 18), destination.Slice(b * BlockSize, BlockSize));
                }

                break;
            default:
                throw new NotSupportedException($"Decoding {type} tensors is not supported.");
        }
    }

    // Q8_0: fp16 scale d = amax / 127, then 32 int8 values round(x / d) (half away from zero, as C's roundf).
    private static void EncodeQ8_0Block(ReadOnlySpan<float> x, Span<byte> y)
    {
        var amax = 0f;
        foreach (var v in x)
        {
            amax = MathF.Max(amax, MathF.Abs(v));
        }

        var d = amax / 127f;
        var id = d != 0f ? 1f / d : 0f;
        BinaryPrimitives.WriteHalfLittleEndian(y, (Half)d);
        for (var j = 0; j < BlockSize; j++)
        {
            y[2 + j] = (byte)(sbyte)MathF.Round(x[j] * id, MidpointRounding.AwayFromZero);
        }
    }

    // Q4_0: d = (the signed value of largest magnitude) / -8; nibble = min(15, trunc(x / d + 8.5)).
    // Byte j holds element j in its low nibble and element j + 16 in its high nibble.
    private static void EncodeQ4_0Block(ReadOnlySpan<float> x, Span<byte> y)
    {
        var amax = 0f;
        var max = 0f;
        foreach (var v in x)
        {
            if (amax < MathF.Abs(v))
            {
                amax = MathF.Abs(v);
                max = v;
            }
        }

        var d = max / -8f;
        var id = d != 0f ? 1f / d : 0f;
        BinaryPrimitives.WriteHalfLittleEndian(y, (Half)d);
        for (var j = 0; j < BlockSize / 2; j++)
        {
            var low = Math.Min(15, (int)((x[j] * id) + 8.5f));
            var high = Math.Min(15, (int)((x[j + (BlockSize / 2)] * id) + 8.5f));
            y[2 + j] = (byte)(low | (high << 4));
        }
    }

    private static void DecodeQ8_0Block(ReadOnlySpan<byte> x, Span<float> y)
    {
        var d = (float)BinaryPrimitives.ReadHalfLittleEndian(x);
        for (var j = 0; j < BlockSize; j++)
        {
            y[j] = (sbyte)x[2 + j] * d;
        }
    }

    private static void DecodeQ4_0Block(ReadOnlySpan<byte> x, Span<float> y)
    {
        var d = (float)BinaryPrimitives.ReadHalfLittleEndian(x);
        for (var j = 0; j < BlockSize / 2; j++)
        {
            y[j] = ((x[2 + j] & 0x0F) - 8) * d;
            y[j + (BlockSize / 2)] = ((x[2 + j] >> 4) - 8) * d;
        }
    }
}

using CsCheck;
using Wick.Core.Gguf;

namespace Wick.Core.Tests.Gguf;

public sealed class GgmlCodecTests
{
    [Fact]
    public void Q8_0_block_matches_a_hand_computed_encoding_with_half_away_from_zero_rounding()
    {
        // amax 63.5 gives d = 0.5 exactly (fp16 0x3800) and 1/d = 2, so every product below is exact.
        var x = new float[32];
        (x[0], x[1], x[2], x[3], x[4], x[5], x[6]) = (63.5f, 0.25f, -0.75f, 1.25f, -0.25f, -63.5f, 10f);
        byte[] expected = [0x00, 0x38, 0x7F, 0x01, 0xFE, 0x03, 0xFF, 0x81, 0x14, .. new byte[25]];

        var actual = Encode(GgmlType.Q8_0, x);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Q4_0_block_matches_a_hand_computed_encoding_with_low_nibbles_first()
    {
        // The largest magnitude is -8, so d = -8 / -8 = 1 (fp16 0x3C00) and nibble = trunc(x + 8.5).
        var x = new float[32];
        (x[0], x[1], x[2], x[3], x[4], x[5], x[6]) = (-8f, 7f, 0.4f, 0.5f, -0.5f, 7.4f, -3f);
        (x[16], x[17], x[31]) = (1f, -7.9f, 2f);
        byte[] expected = [0x00, 0x3C, 0x90, 0x0F, 0x88, 0x89, 0x88, 0x8F, 0x85, 0x88, 0x88, 0x88, 0x88, 0x88, 0x88, 0x88, 0x88, 0xA8];

        var actual = Encode(GgmlType.Q4_0, x);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Q4_0_clamps_the_opposite_extreme_to_nibble_15()
    {
        // The first value of largest magnitude (+8) sets d = -1; -8 then maps to 16.5, truncated to 16, clamped to 15.
        var x = new float[32];
        (x[0], x[1]) = (8f, -8f);
        byte[] expected = [0x00, 0xBC, 0x80, 0x8F, .. Enumerable.Repeat((byte)0x88, 14)];

        var actual = Encode(GgmlType.Q4_0, x);
        var decoded = Decode(GgmlType.Q4_0, actual, 32);

        Assert.Equal(expected, actual);
        Assert.Equal([8f, -7f, .. new float[30]], decoded);
    }

    [Theory]
    [InlineData(GgmlType.Q8_0, 34, 0x0000, 0x00)]
    [InlineData(GgmlType.Q4_0, 18, 0x8000, 0x88)] // 0 / -8 is -0 in C too, so llama.cpp writes a negative-zero scale
    public void An_all_zero_block_encodes_to_a_zero_scale_and_decodes_to_zeros(GgmlType type, int blockBytes, int scaleBits, byte quant)
    {
        var encoded = Encode(type, new float[32]);
        var decoded = Decode(type, encoded, 32);

        Assert.Equal(blockBytes, encoded.Length);
        Assert.Equal(scaleBits, encoded[0] | (encoded[1] << 8));
        Assert.All(encoded[2..], b => Assert.Equal(quant, b));
        Assert.All(decoded, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void F16_and_F32_use_little_endian_ieee_bits()
    {
        var f16 = Encode(GgmlType.F16, [1f, -2f, 65504f]);
        var f32 = Encode(GgmlType.F32, [1f, -2f]);

        Assert.Equal([0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B], f16);
        Assert.Equal([0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0], f32);
    }

    [Fact]
    public void Q8_0_round_trip_error_stays_within_half_a_step_plus_scale_rounding()
    {
        Gen.Float[-50f, 50f].Array[32, 32].Array[1, 4].Sample(blocks =>
        {
            var x = blocks.SelectMany(b => b).ToArray();
            var y = Decode(GgmlType.Q8_0, Encode(GgmlType.Q8_0, x), x.Length);
            for (var i = 0; i < x.Length; i++)
            {
                var step = blocks[i / 32].Max(MathF.Abs) / 127f;
                Assert.True(MathF.Abs(x[i] - y[i]) <= (0.57f * step) + 1e-6f, $"{x[i]} decoded as {y[i]} (step {step})");
            }
        });
    }

    [Fact]
    public void Q4_0_round_trip_error_stays_within_one_step()
    {
        Gen.Float[-50f, 50f].Array[32, 32].Array[1, 4].Sample(blocks =>
        {
            var x = blocks.SelectMany(b => b).ToArray();
            var y = Decode(GgmlType.Q4_0, Encode(GgmlType.Q4_0, x), x.Length);
            for (var i = 0; i < x.Length; i++)
            {
                var step = blocks[i / 32].Max(MathF.Abs) / 8f;
                Assert.True(MathF.Abs(x[i] - y[i]) <= (1.01f * step) + 1e-6f, $"{x[i]} decoded as {y[i]} (step {step})");
            }
        });
    }

    [Fact]
    public void F16_round_trip_error_is_within_half_precision()
    {
        Gen.Float[-60000f, 60000f].Array[1, 64].Sample(x =>
        {
            var y = Decode(GgmlType.F16, Encode(GgmlType.F16, x), x.Length);
            for (var i = 0; i < x.Length; i++)
            {
                Assert.True(MathF.Abs(x[i] - y[i]) <= (MathF.Abs(x[i]) / 2048f) + 3e-8f, $"{x[i]} decoded as {y[i]}");
            }
        });
    }

    [Fact]
    public void Only_F32_F16_Q8_0_and_Q4_0_are_supported()
    {
        Assert.True(GgmlCodec.Supports(GgmlType.Q4_0));
        Assert.False(GgmlCodec.Supports(GgmlType.Q4_K));
        Assert.Throws<NotSupportedException>(() => GgmlCodec.Encode(GgmlType.Q4_K, new float[256], new byte[144]));
        Assert.Throws<NotSupportedException>(() => GgmlCodec.Decode(GgmlType.Q4_K, new byte[144], new float[256]));
    }

    private static byte[] Encode(GgmlType type, float[] x)
    {
        var layout = GgmlTypeLayout.Of(type)!.Value;
        var bytes = new byte[x.Length / layout.BlockSize * layout.TypeSize];
        GgmlCodec.Encode(type, x, bytes);
        return bytes;
    }

    private static float[] Decode(GgmlType type, byte[] bytes, int count)
    {
        var values = new float[count];
        GgmlCodec.Decode(type, bytes, values);
        return values;
    }
}

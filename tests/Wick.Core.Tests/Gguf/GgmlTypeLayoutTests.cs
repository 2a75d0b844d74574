using Wick.Core.Gguf;

namespace Wick.Core.Tests.Gguf;

public sealed class GgmlTypeLayoutTests
{
    [Theory]
    [InlineData(GgmlType.F32, 1, 4)]
    [InlineData(GgmlType.BF16, 1, 2)]
    [InlineData(GgmlType.Q4_0, 32, 18)]
    [InlineData(GgmlType.Q4_1, 32, 20)]
    [InlineData(GgmlType.Q5_0, 32, 22)]
    [InlineData(GgmlType.Q5_1, 32, 24)]
    [InlineData(GgmlType.Q8_0, 32, 34)]
    [InlineData(GgmlType.Q8_1, 32, 36)]
    [InlineData(GgmlType.Q2_K, 256, 84)]
    [InlineData(GgmlType.Q3_K, 256, 110)]
    [InlineData(GgmlType.Q4_K, 256, 144)]
    [InlineData(GgmlType.Q5_K, 256, 176)]
    [InlineData(GgmlType.Q6_K, 256, 210)]
    [InlineData(GgmlType.Q8_K, 256, 292)]
    [InlineData(GgmlType.IQ2_XXS, 256, 66)]
    [InlineData(GgmlType.IQ2_XS, 256, 74)]
    [InlineData(GgmlType.IQ3_XXS, 256, 98)]
    [InlineData(GgmlType.IQ1_S, 256, 50)]
    [InlineData(GgmlType.IQ4_NL, 32, 18)]
    [InlineData(GgmlType.IQ3_S, 256, 110)]
    [InlineData(GgmlType.IQ2_S, 256, 82)]
    [InlineData(GgmlType.IQ4_XS, 256, 136)]
    [InlineData(GgmlType.IQ1_M, 256, 56)]
    [InlineData(GgmlType.TQ1_0, 256, 54)]
    [InlineData(GgmlType.TQ2_0, 256, 66)]
    [InlineData(GgmlType.MXFP4, 32, 17)]
    public void Block_layouts_match_ggml(GgmlType type, int blockSize, int typeSize)
    {
        Assert.Equal(new GgmlTypeLayout(blockSize, typeSize), GgmlTypeLayout.Of(type));
    }

    [Fact]
    public void Every_named_type_has_a_layout_and_retired_numbers_have_none()
    {
        Assert.All(Enum.GetValues<GgmlType>(), t => Assert.True(GgmlTypeLayout.Of(t) is { BlockSize: > 0, TypeSize: > 0 }, $"{t}"));
        Assert.All(new uint[] { 4, 5, 31, 32, 33, 36, 37, 38, 40, 1000 }, n => Assert.Null(GgmlTypeLayout.Of((GgmlType)n)));
        Assert.Equal(
            [(1, 2), (1, 1), (1, 2), (1, 4), (1, 8), (1, 8)],
            new[] { GgmlType.F16, GgmlType.I8, GgmlType.I16, GgmlType.I32, GgmlType.I64, GgmlType.F64 }
                .Select(t => GgmlTypeLayout.Of(t)!.Value).Select(l => (l.BlockSize, l.TypeSize)));
    }
}

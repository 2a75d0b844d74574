using Wick.Core.Gguf;

namespace Wick.Core.Tests.Gguf;

public sealed class LlamaGgufTests
{
    private static readonly LlamaShape Shape = new(VocabSize: 260, ContextLength: 32, EmbeddingLength: 64, BlockCount: 2, HeadCount: 4, HeadCountKv: 2, FeedForwardLength: 96);

    [Fact]
    public void Architecture_metadata_holds_the_llama_hyper_parameters()
    {
        var writer = new GgufWriter();
        LlamaGguf.AddArchitectureMetadata(writer, Shape with { RmsNormEpsilon = 1e-6f, RopeFreqBase = 5e5f }, "m");

        var metadata = GgufTestFiles.Read(GgufTestFiles.ToBytes(writer)).Metadata;

        Assert.Equal("llama", metadata["general.architecture"].AsString());
        Assert.Equal("m", metadata["general.name"].AsString());
        Assert.Equal(
            [32L, 64, 2, 96, 4, 2, 16, 260],
            new[] { "context_length", "embedding_length", "block_count", "feed_forward_length", "attention.head_count", "attention.head_count_kv", "rope.dimension_count", "vocab_size" }
                .Select(k => metadata["llama." + k].AsInt64()));
        Assert.Equal(1e-6f, (float)metadata["llama.attention.layer_norm_rms_epsilon"].AsDouble());
        Assert.Equal(5e5f, (float)metadata["llama.rope.freq_base"].AsDouble());
    }

    [Fact]
    public void Tensor_list_uses_llama_cpp_names_and_ggml_dimension_order()
    {
        var tensors = LlamaGguf.Tensors(Shape);

        Assert.Equal(2 + (2 * 9) + 1, tensors.Count);
        Assert.Equal("token_embd.weight", tensors[0].Name);
        Assert.Equal(new long[] { 64, 260 }, tensors[0].Dimensions);
        Assert.Equal(new long[] { 64, 32 }, tensors.Single(t => t.Name == "blk.1.attn_k.weight").Dimensions);
        Assert.Equal(new long[] { 96, 64 }, tensors.Single(t => t.Name == "blk.0.ffn_down.weight").Dimensions);
        Assert.Equal(new long[] { 64, 96 }, tensors.Single(t => t.Name == "blk.0.ffn_gate.weight").Dimensions);
        Assert.Equal("output.weight", tensors[^1].Name);
        Assert.Equal(["blk.0.attn_norm.weight", "blk.0.ffn_norm.weight", "blk.1.attn_norm.weight", "blk.1.ffn_norm.weight", "output_norm.weight"],
            tensors.Where(t => t.IsNorm).Select(t => t.Name));
    }

    [Theory]
    [InlineData(GgmlType.F32, 0u)]
    [InlineData(GgmlType.F16, 1u)]
    [InlineData(GgmlType.Q4_0, 2u)]
    [InlineData(GgmlType.Q8_0, 7u)]
    public void File_type_follows_llama_ftype(GgmlType type, uint expected)
    {
        var writer = new GgufWriter();
        LlamaGguf.AddFileType(writer, type);

        Assert.Equal(expected, LlamaGguf.FileTypeOf(type));
        Assert.Equal(expected, GgufTestFiles.Read(GgufTestFiles.ToBytes(writer)).FileType);
    }

    [Fact]
    public void Shapes_llama_cpp_cannot_build_are_refused()
    {
        Assert.Throws<ArgumentException>(() => LlamaGguf.FileTypeOf(GgmlType.Q4_K));
        Assert.Throws<ArgumentException>(() => LlamaGguf.Tensors(Shape with { VocabSize = 0 }));
        Assert.Throws<ArgumentException>(() => LlamaGguf.Tensors(Shape with { ContextLength = 0 }));
        Assert.Throws<ArgumentException>(() => LlamaGguf.Tensors(Shape with { EmbeddingLength = 0 }));
        Assert.Throws<ArgumentException>(() => LlamaGguf.Tensors(Shape with { BlockCount = 0 }));
        Assert.Throws<ArgumentException>(() => LlamaGguf.Tensors(Shape with { HeadCount = 0 }));
        Assert.Throws<ArgumentException>(() => LlamaGguf.Tensors(Shape with { HeadCountKv = 0 }));
        Assert.Throws<ArgumentException>(() => LlamaGguf.Tensors(Shape with { FeedForwardLength = 0 }));
        Assert.Throws<ArgumentException>(() => LlamaGguf.Tensors(Shape with { HeadCount = 3 }));
        Assert.Throws<ArgumentException>(() => LlamaGguf.Tensors(Shape with { HeadCount = 64, HeadCountKv = 64 }));
        Assert.Throws<ArgumentException>(() => LlamaGguf.Tensors(Shape with { HeadCountKv = 3 }));
        Assert.Throws<ArgumentException>(() => LlamaGguf.AddArchitectureMetadata(new GgufWriter(), Shape, ""));
        Assert.Throws<ArgumentNullException>(() => LlamaGguf.AddArchitectureMetadata(null!, Shape, "m"));
        Assert.Throws<ArgumentNullException>(() => LlamaGguf.AddFileType(null!, GgmlType.F32));
        Assert.Throws<ArgumentNullException>(() => LlamaGguf.Tensors(null!));
    }
}

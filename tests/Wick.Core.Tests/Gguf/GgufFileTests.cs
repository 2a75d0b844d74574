using Wick.Core.Gguf;

namespace Wick.Core.Tests.Gguf;

public sealed class GgufFileTests
{
    [Fact]
    public void Accessors_describe_a_llama_model_without_loading_it()
    {
        var shape = new LlamaShape(VocabSize: 300, ContextLength: 128, EmbeddingLength: 64, BlockCount: 2, HeadCount: 4, HeadCountKv: 2, FeedForwardLength: 96);
        var writer = new GgufWriter();
        LlamaGguf.AddArchitectureMetadata(writer, shape, "described");
        LlamaGguf.AddFileType(writer, GgmlType.Q8_0);
        ByteLevelVocabulary.AddTokenizerMetadata(writer, shape.VocabSize);
        writer.Add(GgufKeys.ChatTemplate, "{{ messages }}");
        writer.AddTensor("a", GgmlType.F32, [64], new float[64]);
        writer.AddTensor("b", GgmlType.Q8_0, [64, 3], new float[192]);

        var file = GgufTestFiles.Read(GgufTestFiles.ToBytes(writer));

        Assert.Equal("llama", file.Architecture);
        Assert.Equal("described", file.Name);
        Assert.Equal(128, file.ContextLength);
        Assert.Equal(64, file.EmbeddingLength);
        Assert.Equal(2, file.BlockCount);
        Assert.Equal(300, file.VocabSize);
        Assert.Equal(7, file.FileType);
        Assert.Equal("{{ messages }}", file.ChatTemplate);
        Assert.Equal(64 + 192, file.ParameterCount);
    }

    [Fact]
    public void Accessors_are_null_when_the_keys_are_absent()
    {
        var file = GgufTestFiles.Read(GgufTestFiles.ToBytes(new GgufWriter()));

        Assert.Null(file.Architecture);
        Assert.Null(file.Name);
        Assert.Null(file.ContextLength);
        Assert.Null(file.VocabSize);
        Assert.Null(file.FileType);
        Assert.Null(file.ChatTemplate);
        Assert.Equal(0, file.ParameterCount);
    }

    [Fact]
    public void Vocab_size_falls_back_to_the_token_list()
    {
        var writer = new GgufWriter();
        writer.Add(GgufKeys.Architecture, "other");
        writer.Add("other.context_length", (ulong)77);
        ByteLevelVocabulary.AddTokenizerMetadata(writer);

        var file = GgufTestFiles.Read(GgufTestFiles.ToBytes(writer));

        Assert.Equal(ByteLevelVocabulary.Size, file.VocabSize);
        Assert.Equal(77, file.ContextLength);
        Assert.Null(file.BlockCount);
    }

    [Fact]
    public void GetTensor_names_the_missing_tensor()
    {
        var file = GgufTestFiles.Read(GgufTestFiles.Small());

        var error = Assert.Throws<KeyNotFoundException>(() => file.GetTensor("nope"));

        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensor_types_without_a_decoder_are_described_but_not_decoded()
    {
        var bytes = RawGguf.Header(1, 0).Tensor("k", GgmlType.Q4_K, 0, 256).Pad().Bytes(new byte[160]).ToArray();
        var file = GgufTestFiles.Read(bytes);
        using var stream = new MemoryStream(bytes);

        var tensor = file.GetTensor("k");
        var raw = file.ReadTensorBytes(stream, tensor);

        Assert.Equal(144, tensor.ByteSize);
        Assert.Equal(144, raw.Length);
        Assert.Throws<NotSupportedException>(() => file.ReadTensorFloats(stream, tensor));
    }

    [Fact]
    public void Tensors_too_large_for_one_array_are_refused_before_reading()
    {
        var prefix = RawGguf.Header(2, 0).Tensor("bytes", GgmlType.I8, 0, 3_000_000_000).Tensor("floats", GgmlType.F32, 3_000_000_000, 3_000_000_000).ToArray();
        using var stream = new SparseStream(prefix, 20_000_000_000);
        var file = GgufFile.Read(stream);

        Assert.Throws<NotSupportedException>(() => file.ReadTensorBytes(stream, file.GetTensor("bytes")));
        Assert.Throws<NotSupportedException>(() => file.ReadTensorFloats(stream, file.GetTensor("floats")));
    }

    [Fact]
    public void Read_requires_a_readable_seekable_stream()
    {
        var closed = new MemoryStream(GgufTestFiles.Small());
        closed.Dispose();

        Assert.Throws<ArgumentException>(() => GgufFile.Read(new UnseekableStream()));
        Assert.Throws<ArgumentException>(() => GgufFile.Read(closed));
        Assert.Throws<ArgumentNullException>(() => GgufFile.Read((Stream)null!));
    }

    [Fact]
    public void Read_from_a_path_reports_a_missing_file_as_an_io_error()
    {
        Assert.Throws<FileNotFoundException>(() => GgufFile.Read(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".gguf")));
    }
}

using Wick.Core.Gguf;

namespace Wick.Core.Tests.Gguf;

public sealed class ByteLevelVocabularyTests
{
    [Fact]
    public void Byte_tokens_are_gpt2_bytes_to_unicode()
    {
        Assert.Equal("2", ByteLevelVocabulary.ByteToken((byte)'2'));
        Assert.Equal("\u0120", ByteLevelVocabulary.ByteToken((byte)' ')); // Ġ, GPT-2's space
        Assert.Equal("\u0100", ByteLevelVocabulary.ByteToken(0));
        Assert.Equal("\u010A", ByteLevelVocabulary.ByteToken((byte)'\n')); // Ċ
        Assert.Equal("\u00FF", ByteLevelVocabulary.ByteToken(0xFF));
        Assert.Equal("\u0143", ByteLevelVocabulary.ByteToken(0xAD)); // the last non-printable byte maps to U+0100 + 67
        Assert.Equal(256, Enumerable.Range(0, 256).Select(b => ByteLevelVocabulary.ByteToken((byte)b)).Distinct().Count());
    }

    [Fact]
    public void Tokenizer_metadata_pads_to_the_vocab_size_with_unused_tokens()
    {
        var writer = new GgufWriter();
        ByteLevelVocabulary.AddTokenizerMetadata(writer, 300);

        var metadata = GgufTestFiles.Read(GgufTestFiles.ToBytes(writer)).Metadata;
        var tokens = metadata["tokenizer.ggml.tokens"].AsArray().As<string>();
        var types = metadata["tokenizer.ggml.token_type"].AsArray().As<int>();

        Assert.Equal("gpt2", metadata["tokenizer.ggml.model"].AsString());
        Assert.Equal("default", metadata["tokenizer.ggml.pre"].AsString());
        Assert.Equal(300, tokens.Length);
        Assert.Equal(["<|bos|>", "<|endoftext|>", "[PAD258]"], tokens[256..259]);
        Assert.Equal(300, tokens.Distinct().Count());
        Assert.Equal([1, 3, 3, 5], new[] { types[65], types[256], types[257], types[299] });
        Assert.Equal(0, metadata["tokenizer.ggml.merges"].AsArray().Count);
        Assert.Equal(256, metadata["tokenizer.ggml.bos_token_id"].AsInt64());
        Assert.Equal(257, metadata["tokenizer.ggml.eos_token_id"].AsInt64());
        Assert.True(metadata["tokenizer.ggml.add_bos_token"].AsBool());
        Assert.False(metadata["tokenizer.ggml.add_eos_token"].AsBool());
    }

    [Fact]
    public void Vocab_size_cannot_drop_below_the_byte_and_special_tokens()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ByteLevelVocabulary.AddTokenizerMetadata(new GgufWriter(), 257));
        Assert.Throws<ArgumentNullException>(() => ByteLevelVocabulary.AddTokenizerMetadata(null!));
    }
}

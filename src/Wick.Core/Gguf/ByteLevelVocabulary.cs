namespace Wick.Core.Gguf;

/// <summary>The byte-level tokenizer of ENGINE-NOTES.md: token id = byte value for 0..255 (written as GPT-2's
/// bytes_to_unicode strings), then &lt;|bos|&gt; = 256 and &lt;|endoftext|&gt; = 257. With the "gpt2" model and no merges,
/// llama.cpp maps every byte of the input to exactly one token.</summary>
public static class ByteLevelVocabulary
{
    public const int BosId = 256;
    public const int EosId = 257;
    public const int Size = 258;

    // llama.cpp's llama_token_type values.
    private const int Normal = 1;
    private const int Control = 3;
    private const int Unused = 5;

    private static readonly string[] ByteTokens = CreateByteTokens();

    /// <summary>The token text GPT-2's byte-level BPE uses for <paramref name="value"/>.</summary>
    public static string ByteToken(byte value) => ByteTokens[value];

    /// <summary>Adds the tokenizer.ggml.* keys. A <paramref name="vocabSize"/> above <see cref="Size"/> pads the
    /// vocabulary with UNUSED tokens, so a synthetic model can have a real model's vocabulary size.</summary>
    public static void AddTokenizerMetadata(GgufWriter writer, int vocabSize = Size)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSize, Size);
        var tokens = new string[vocabSize];
        var types = new int[vocabSize];
        for (var id = 0; id < vocabSize; id++)
        {
            (tokens[id], types[id]) = id switch
            {
                < 256 => (ByteTokens[id], Normal),
                BosId => ("<|bos|>", Control),
                EosId => ("<|endoftext|>", Control),
                _ => ($"[PAD{id}]", Unused),
            };
        }

        writer.Add("tokenizer.ggml.model", "gpt2");
        writer.Add("tokenizer.ggml.pre", "default");
        writer.AddArray(GgufKeys.Tokens, tokens);
        writer.AddArray("tokenizer.ggml.token_type", types);
        writer.AddArray("tokenizer.ggml.merges", Array.Empty<string>());
        writer.Add("tokenizer.ggml.bos_token_id", (uint)BosId);
        writer.Add("tokenizer.ggml.eos_token_id", (uint)EosId);
        writer.Add("tokenizer.ggml.add_bos_token", true);
        writer.Add("tokenizer.ggml.add_eos_token", false);
    }

    // GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves; the others map, in byte order, to
    // code points from U+0100 upwards.
    private static string[] CreateByteTokens()
    {
        var tokens = new string[256];
        var next = 256;
        for (var b = 0; b < tokens.Length; b++)
        {
            var printable = b is (>= '!' and <= '~') or (>= 0xA1 and <= 0xAC) or (>= 0xAE and <= 0xFF);
            tokens[b] = ((char)(printable ? b : next++)).ToString();
        }

        return tokens;
    }
}

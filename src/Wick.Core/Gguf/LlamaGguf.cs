namespace Wick.Core.Gguf;

/// <summary>What llama.cpp needs to load a GGUF as architecture "llama": the hyper-parameter keys and the tensor list.</summary>
public static class LlamaGguf
{
    public const string Architecture = "llama";

    /// <summary>Adds general.architecture, general.name and the llama.* hyper-parameters.</summary>
    public static void AddArchitectureMetadata(GgufWriter writer, LlamaShape shape, string name)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentException.ThrowIfNullOrEmpty(name);
        shape.Validate();
        writer.Add(GgufKeys.Architecture, Architecture);
        writer.Add(GgufKeys.Name, name);
        writer.Add(Key(GgufKeys.ContextLength), (uint)shape.ContextLength);
        writer.Add(Key(GgufKeys.EmbeddingLength), (uint)shape.EmbeddingLength);
        writer.Add(Key(GgufKeys.BlockCount), (uint)shape.BlockCount);
        writer.Add(Key("feed_forward_length"), (uint)shape.FeedForwardLength);
        writer.Add(Key("attention.head_count"), (uint)shape.HeadCount);
        writer.Add(Key("attention.head_count_kv"), (uint)shape.HeadCountKv);
        writer.Add(Key("attention.layer_norm_rms_epsilon"), shape.RmsNormEpsilon);
        writer.Add(Key("rope.freq_base"), shape.RopeFreqBase);
        writer.Add(Key("rope.dimension_count"), (uint)shape.HeadDimension);
        writer.Add(Key(GgufKeys.VocabSize), (uint)shape.VocabSize);
    }

    /// <summary>Adds general.file_type: llama.cpp's name for a file whose large tensors are <paramref name="weightType"/>.</summary>
    public static void AddFileType(GgufWriter writer, GgmlType weightType)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Add(GgufKeys.FileType, FileTypeOf(weightType));
    }

    /// <summary>llama_ftype: ALL_F32 = 0, MOSTLY_F16 = 1, MOSTLY_Q4_0 = 2, MOSTLY_Q8_0 = 7.</summary>
    public static uint FileTypeOf(GgmlType weightType) => weightType switch
    {
        GgmlType.F32 => 0,
        GgmlType.F16 => 1,
        GgmlType.Q4_0 => 2,
        GgmlType.Q8_0 => 7,
        _ => throw new ArgumentException($"No llama file type is defined here for {weightType}.", nameof(weightType)),
    };

    /// <summary>The tensors of a llama model of <paramref name="shape"/>, in the order llama.cpp's converter writes them.</summary>
    public static IReadOnlyList<LlamaTensor> Tensors(LlamaShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape.Validate();
        long embd = shape.EmbeddingLength, kv = shape.KvEmbeddingLength, ff = shape.FeedForwardLength, vocab = shape.VocabSize;
        var tensors = new List<LlamaTensor> { new("token_embd.weight", [embd, vocab], false) };
        for (var n = 0; n < shape.BlockCount; n++)
        {
            tensors.AddRange(
            [
                new($"blk.{n}.attn_norm.weight", [embd], true),
                new($"blk.{n}.attn_q.weight", [embd, embd], false),
                new($"blk.{n}.attn_k.weight", [embd, kv], false),
                new($"blk.{n}.attn_v.weight", [embd, kv], false),
                new($"blk.{n}.attn_output.weight", [embd, embd], false),
                new($"blk.{n}.ffn_norm.weight", [embd], true),
                new($"blk.{n}.ffn_gate.weight", [embd, ff], false),
                new($"blk.{n}.ffn_up.weight", [embd, ff], false),
                new($"blk.{n}.ffn_down.weight", [ff, embd], false),
            ]);
        }

        tensors.Add(new("output_norm.weight", [embd], true));
        tensors.Add(new("output.weight", [embd, vocab], false));
        return tensors;
    }

    private static string Key(string suffix) => GgufKeys.ForArchitecture(Architecture, suffix);
}

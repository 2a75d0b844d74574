using Wick.Core.Gguf;

namespace Wick.Training;

/// <summary>
/// Writes the trained weights as a llama.cpp GGUF (architecture <c>llama</c>, byte-level tokenizer, F32 tensors) and
/// reads them back. The trainer already uses llama.cpp's tensor layout and rotary convention, so the tensors go in
/// unchanged. The file holds nothing that varies between runs (no time, no paths), so the same weights give the same
/// bytes.
/// </summary>
public static class TinyLlamaGguf
{
    /// <summary>
    /// Renders a chat as the concatenated contents of its user messages, so <c>[{"role":"user","content":"2+2="}]</c>
    /// becomes the raw prompt <c>2+2=</c>; the generation prompt adds nothing.
    /// </summary>
    public const string ChatTemplate =
        "{% for message in messages %}{% if message['role'] == 'user' %}{{ message['content'] }}{% endif %}{% endfor %}";

    /// <summary>The GGUF hyper-parameters of <paramref name="config"/>.</summary>
    public static LlamaShape Shape(TinyLlamaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new LlamaShape(
            config.VocabSize,
            config.ContextLength,
            config.EmbeddingLength,
            config.LayerCount,
            config.HeadCount,
            config.HeadCount,
            config.FeedForwardLength,
            config.RmsNormEpsilon,
            config.RopeFreqBase);
    }

    /// <summary>A writer holding the metadata and every tensor of <paramref name="weights"/>.</summary>
    public static GgufWriter CreateWriter(TinyLlamaWeights weights, string name)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var config = weights.Layout.Config;
        if (config.VocabSize < ByteLevelVocabulary.Size)
        {
            throw new ArgumentException($"The byte-level vocabulary needs {ByteLevelVocabulary.Size} tokens; the model has {config.VocabSize}.");
        }

        var writer = new GgufWriter();
        LlamaGguf.AddArchitectureMetadata(writer, Shape(config), name);
        LlamaGguf.AddFileType(writer, GgmlType.F32);
        ByteLevelVocabulary.AddTokenizerMetadata(writer, config.VocabSize);
        writer.Add(GgufKeys.ChatTemplate, ChatTemplate);
        foreach (var tensor in weights.Layout.Tensors)
        {
            writer.AddTensor(tensor.Name, GgmlType.F32, tensor.GgmlDimensions, weights.Tensor(tensor));
        }

        return writer;
    }

    /// <summary>Writes <paramref name="weights"/> to <paramref name="path"/>.</summary>
    public static void Write(TinyLlamaWeights weights, string path, string name) => CreateWriter(weights, name).WriteTo(path);

    /// <summary>Reads a GGUF written by <see cref="Write"/> (any llama GGUF of this shape family with F32/F16/Q8_0/Q4_0 tensors).</summary>
    public static TinyLlamaWeights Read(string path)
    {
        var file = GgufFile.Read(path);
        if (file.Architecture != LlamaGguf.Architecture)
        {
            throw new InvalidDataException($"'{path}' is architecture '{file.Architecture}', not '{LlamaGguf.Architecture}'.");
        }

        var heads = (int)Count(file, "attention.head_count");
        if (Count(file, "attention.head_count_kv") != heads)
        {
            throw new InvalidDataException($"'{path}' uses grouped-query attention, which the trainer does not model.");
        }

        var config = new TinyLlamaConfig(
            VocabSize: (int)(file.VocabSize ?? file.GetTensor("token_embd.weight").Dimensions[1]),
            EmbeddingLength: (int)Count(file, GgufKeys.EmbeddingLength),
            LayerCount: (int)Count(file, GgufKeys.BlockCount),
            HeadCount: heads,
            FeedForwardLength: (int)Count(file, "feed_forward_length"),
            ContextLength: (int)Count(file, GgufKeys.ContextLength),
            RmsNormEpsilon: Float(file, "attention.layer_norm_rms_epsilon"),
            RopeFreqBase: Float(file, "rope.freq_base"));
        var layout = new ParameterLayout(config);
        var values = new float[layout.Size];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        foreach (var tensor in layout.Tensors)
        {
            var info = file.GetTensor(tensor.Name);
            if (!info.Dimensions.SequenceEqual(tensor.GgmlDimensions))
            {
                throw new InvalidDataException($"Tensor '{tensor.Name}' is [{string.Join(", ", info.Dimensions)}], expected [{string.Join(", ", tensor.GgmlDimensions)}].");
            }

            file.ReadTensorFloats(stream, info).CopyTo(values, tensor.Offset);
        }

        return new TinyLlamaWeights(layout, values);
    }

    private static long Count(GgufFile file, string suffix) =>
        file.Metadata.TryGetValue(GgufKeys.ForArchitecture(LlamaGguf.Architecture, suffix), out var value)
            ? value.AsInt64()
            : throw new InvalidDataException($"The GGUF lacks llama.{suffix}.");

    private static float Float(GgufFile file, string suffix) =>
        file.Metadata.TryGetValue(GgufKeys.ForArchitecture(LlamaGguf.Architecture, suffix), out var value)
            ? (float)value.AsDouble()
            : throw new InvalidDataException($"The GGUF lacks llama.{suffix}.");
}

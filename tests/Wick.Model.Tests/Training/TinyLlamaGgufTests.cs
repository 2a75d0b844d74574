using Wick.Core.Gguf;
using Wick.Training;

namespace Wick.Model.Tests.Training;

public sealed class TinyLlamaGgufTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("wick-tiny-gguf-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Written_weights_read_back_exactly()
    {
        var weights = TinyLlamaWeights.Initialize(TinyLlamaConfig.Default, seed: 8, std: 0.3f);
        var path = Path.Combine(directory, "a.gguf");

        TinyLlamaGguf.Write(weights, path, "test");
        var read = TinyLlamaGguf.Read(path);

        Assert.Equal(weights.Layout.Config, read.Layout.Config);
        Assert.Equal(weights.Values, read.Values);
        Assert.Equal(weights.Transposed, read.Transposed);
    }

    [Fact]
    public void The_same_weights_give_the_same_bytes()
    {
        var weights = TinyLlamaWeights.Initialize(TinyLlamaConfig.Default, seed: 8);
        var a = Path.Combine(directory, "a.gguf");
        var b = Path.Combine(directory, "b.gguf");

        TinyLlamaGguf.Write(weights, a, "test");
        TinyLlamaGguf.Write(weights, b, "test");

        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Fact]
    public void The_shape_maps_every_hyper_parameter()
    {
        var config = new TinyLlamaConfig(300, 32, 3, 2, 96, 128, 1e-6f, 5000f);

        var shape = TinyLlamaGguf.Shape(config);

        Assert.Equal(new LlamaShape(300, 128, 32, 3, 2, 2, 96, 1e-6f, 5000f), shape);
    }

    [Fact]
    public void A_vocabulary_smaller_than_the_byte_tokens_cannot_be_written()
    {
        var weights = TinyLlamaWeights.Initialize(TinyLlamaConfig.Default with { VocabSize = 100 }, seed: 1);

        Assert.Throws<ArgumentException>(() => TinyLlamaGguf.CreateWriter(weights, "x"));
    }

    [Fact]
    public void Reading_rejects_other_architectures_grouped_attention_missing_keys_and_wrong_shapes()
    {
        var other = Write("other.gguf", w => w.Add(GgufKeys.Architecture, "gpt2"));
        var gqa = Write("gqa.gguf", w => LlamaGguf.AddArchitectureMetadata(w, new LlamaShape(258, 64, 64, 2, 4, 2, 256), "gqa"));
        var missing = Write("missing.gguf", w => w.Add(GgufKeys.Architecture, "llama"));
        var wrongShape = Write("shape.gguf", w =>
        {
            LlamaGguf.AddArchitectureMetadata(w, TinyLlamaGguf.Shape(TinyLlamaConfig.Default), "shape");
            w.AddTensor("token_embd.weight", GgmlType.F32, [32, 258], new float[32 * 258]);
        });
        var missingFloat = Write("float.gguf", w =>
        {
            w.Add(GgufKeys.Architecture, "llama");
            foreach (var key in new[] { "attention.head_count", "attention.head_count_kv", "embedding_length", "block_count", "feed_forward_length", "context_length", "vocab_size" })
            {
                w.Add($"llama.{key}", 4u);
            }
        });

        Assert.Contains("gpt2", Assert.Throws<InvalidDataException>(() => TinyLlamaGguf.Read(other)).Message, StringComparison.Ordinal);
        Assert.Contains("grouped-query", Assert.Throws<InvalidDataException>(() => TinyLlamaGguf.Read(gqa)).Message, StringComparison.Ordinal);
        Assert.Contains("lacks llama.attention.head_count", Assert.Throws<InvalidDataException>(() => TinyLlamaGguf.Read(missing)).Message, StringComparison.Ordinal);
        Assert.Contains("token_embd.weight", Assert.Throws<InvalidDataException>(() => TinyLlamaGguf.Read(wrongShape)).Message, StringComparison.Ordinal);
        Assert.Contains("lacks llama.attention.layer_norm_rms_epsilon", Assert.Throws<InvalidDataException>(() => TinyLlamaGguf.Read(missingFloat)).Message, StringComparison.Ordinal);
    }

    private string Write(string name, Action<GgufWriter> fill)
    {
        var writer = new GgufWriter();
        fill(writer);
        var path = Path.Combine(directory, name);
        writer.WriteTo(path);
        return path;
    }
}

using Wick.Core.Gguf;
using Wick.Core.Models;

namespace Wick.Core.Tests.Models;

public sealed class SyntheticModelsTests
{
    [Fact]
    public void Ensure_writes_a_llama_file_with_the_preset_shape_and_quantized_weights()
    {
        using var cache = new TemporaryDirectory();

        var model = SyntheticModels.Ensure("tiny", GgmlType.Q8_0, cache.Path);
        var file = GgufFile.Read(model.Path);
        var expectedTensors = LlamaGguf.Tensors(model.Shape);

        Assert.True(model.Created);
        Assert.Equal(Path.Combine(cache.Path, "synth-tiny-q8_0.gguf"), model.Path);
        Assert.Equal(("llama", "synth-tiny", 7L), (file.Architecture, file.Name, file.FileType));
        Assert.Equal(SyntheticModels.Presets["tiny"].VocabSize, file.VocabSize);
        Assert.Equal(expectedTensors.Select(t => t.Name), file.Tensors.Select(t => t.Name));
        Assert.All(file.Tensors, t => Assert.Equal(t.Name.Contains("norm", StringComparison.Ordinal) ? GgmlType.F32 : GgmlType.Q8_0, t.Type));
        Assert.Equal(expectedTensors.Sum(t => t.Dimensions.Aggregate(1L, (a, b) => a * b)), file.ParameterCount);
        Assert.Equal(["synth-tiny-q8_0.gguf"], Directory.GetFiles(cache.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Weights_have_the_initialisation_scale_and_norms_are_one()
    {
        using var cache = new TemporaryDirectory();
        var model = SyntheticModels.Ensure("tiny", GgmlType.F32, cache.Path);

        var weights = GgufFile.Read(model.Path).ReadTensorFloats(model.Path, "blk.0.ffn_up.weight");
        var norm = GgufFile.Read(model.Path).ReadTensorFloats(model.Path, "output_norm.weight");
        var mean = weights.Average();
        var deviation = Math.Sqrt(weights.Average(w => (w - mean) * (w - mean)));

        Assert.InRange(mean, -0.001, 0.001);
        Assert.InRange(deviation, 0.019, 0.021);
        Assert.All(weights, w => Assert.InRange(w, -0.0347f, 0.0347f));
        Assert.All(norm, n => Assert.Equal(1f, n));
    }

    [Fact]
    public void Ensure_keeps_a_file_written_with_the_same_parameters()
    {
        using var cache = new TemporaryDirectory();
        var first = SyntheticModels.Ensure("tiny", GgmlType.Q4_0, cache.Path);
        var written = File.GetLastWriteTimeUtc(first.Path);

        var second = SyntheticModels.Ensure("tiny", GgmlType.Q4_0, cache.Path);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Path, second.Path);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second.Path));
    }

    [Theory]
    [InlineData("garbage that is not a gguf file")]
    [InlineData(null)]
    public void Ensure_rewrites_a_file_that_is_unreadable_or_from_other_parameters(string? content)
    {
        using var cache = new TemporaryDirectory();
        var path = Path.Combine(cache.Path, SyntheticModels.FileName("tiny", GgmlType.F16));
        if (content is null)
        {
            var other = new GgufWriter();
            other.Add("wick.synth.fingerprint", "v0 something else");
            other.WriteTo(path);
        }
        else
        {
            File.WriteAllText(path, content);
        }

        var model = SyntheticModels.Ensure("tiny", GgmlType.F16, cache.Path);

        Assert.True(model.Created);
        Assert.Equal(1L, GgufFile.Read(path).FileType);
    }

    [Fact]
    public void Ensure_rewrites_a_gguf_without_a_fingerprint()
    {
        using var cache = new TemporaryDirectory();
        var path = Path.Combine(cache.Path, SyntheticModels.FileName("tiny", GgmlType.F16));
        new GgufWriter().WriteTo(path);

        Assert.True(SyntheticModels.Ensure("tiny", GgmlType.F16, cache.Path).Created);
    }

    [Fact]
    public void The_same_parameters_give_the_same_bytes_and_another_seed_other_bytes()
    {
        using var one = new TemporaryDirectory();
        using var two = new TemporaryDirectory();

        var a = SyntheticModels.Ensure("tiny", GgmlType.Q8_0, one.Path);
        var b = SyntheticModels.Ensure("tiny", GgmlType.Q8_0, two.Path);
        var c = SyntheticModels.Ensure("tiny", GgmlType.Q8_0, one.Path, seed: 7);

        Assert.Equal(ModelIntegrity.ComputeSha256(a.Path), ModelIntegrity.ComputeSha256(b.Path));
        Assert.NotEqual(ModelIntegrity.ComputeSha256(a.Path), ModelIntegrity.ComputeSha256(c.Path));
        Assert.Equal("synth-tiny-q8_0-s7.gguf", Path.GetFileName(c.Path));
    }

    [Fact]
    public void A_context_override_is_written_and_named()
    {
        using var cache = new TemporaryDirectory();

        var model = SyntheticModels.Ensure("tiny", GgmlType.Q8_0, cache.Path, contextLength: 256);

        Assert.Equal("synth-tiny-q8_0-c256.gguf", Path.GetFileName(model.Path));
        Assert.Equal(256, GgufFile.Read(model.Path).ContextLength);
        Assert.Equal("synth-tiny-q8_0.gguf", SyntheticModels.FileName("tiny", GgmlType.Q8_0, contextLength: 512));
        Assert.Equal("synth-1.1b-f16-s1-c4096.gguf", SyntheticModels.FileName("1.1b", GgmlType.F16, seed: 1, contextLength: 4096));
    }

    [Fact]
    public async Task Concurrent_callers_get_one_file_written_once()
    {
        using var cache = new TemporaryDirectory();

        var models = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => SyntheticModels.Ensure("tiny", GgmlType.Q8_0, cache.Path), TestContext.Current.CancellationToken)));

        Assert.Single(models, m => m.Created);
        Assert.Single(models.Select(m => m.Path).Distinct());
        Assert.Single(Directory.GetFiles(cache.Path));
    }

    [Fact]
    public void Real_size_presets_are_shapes_llama_cpp_can_quantize()
    {
        var half = SyntheticModels.Presets["0.5b"];
        var tiny = SyntheticModels.Presets["1.1b"];

        Assert.Equal((896, 24, 14, 2, 4864, 32000), (half.EmbeddingLength, half.BlockCount, half.HeadCount, half.HeadCountKv, half.FeedForwardLength, half.VocabSize));
        Assert.Equal((2048, 22, 32, 4, 5632, 32000), (tiny.EmbeddingLength, tiny.BlockCount, tiny.HeadCount, tiny.HeadCountKv, tiny.FeedForwardLength, tiny.VocabSize));
        Assert.InRange(LlamaGguf.Tensors(tiny).Sum(t => t.Dimensions.Aggregate(1L, (a, b) => a * b)), 1.0e9, 1.2e9);
        Assert.All(SyntheticModels.Presets.Values.SelectMany(LlamaGguf.Tensors), t => Assert.Equal(0, t.Dimensions[0] % 32));
    }

    [Fact]
    public void Bad_parameters_are_refused()
    {
        Assert.Throws<ArgumentException>(() => SyntheticModels.Ensure("7b", GgmlType.Q8_0));
        Assert.Throws<ArgumentException>(() => SyntheticModels.Ensure("tiny", GgmlType.Q4_K));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticModels.Ensure("tiny", GgmlType.Q8_0, contextLength: 0));
        Assert.Throws<ArgumentNullException>(() => SyntheticModels.FileName(null!, GgmlType.Q8_0));
    }

    [Fact]
    public void Ensure_without_a_folder_uses_the_default_cache()
    {
        var model = SyntheticModels.Ensure("tiny", GgmlType.F32);

        Assert.Equal(SyntheticModels.DefaultCacheDirectory(), Path.GetDirectoryName(model.Path));
        Assert.True(File.Exists(model.Path));
    }

    [Fact]
    public void Cache_folder_is_the_variable_then_the_repository_then_temp()
    {
        using var root = new TemporaryDirectory();

        Assert.Equal(Path.Combine(root.Path, "x"), SyntheticModels.DefaultCacheDirectory(Path.Combine(root.Path, "x"), "/ignored"));
        Assert.Equal(Path.Combine(root.Path, ".cache", "models"), SyntheticModels.DefaultCacheDirectory("", root.Path));
        Assert.Equal(Path.Combine(Path.GetTempPath(), "wick-models"), SyntheticModels.DefaultCacheDirectory(null, null));
        Assert.True(Path.IsPathRooted(SyntheticModels.DefaultCacheDirectory()));
    }
}

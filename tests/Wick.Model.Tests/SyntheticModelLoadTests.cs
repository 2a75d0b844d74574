using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using Wick.Core.Execution;
using Wick.Core.Gguf;
using Wick.Core.Models;

namespace Wick.Model.Tests;

public sealed class SyntheticModelLoadTests : IDisposable
{
    private readonly string cacheDirectory = Path.Combine(Path.GetTempPath(), "wick-synth-load-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(cacheDirectory))
        {
            Directory.Delete(cacheDirectory, recursive: true);
        }
    }

    [Theory(Timeout = 120_000)]
    [InlineData(GgmlType.F32)]
    [InlineData(GgmlType.F16)]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q4_0)]
    public void Tiny_synthetic_model_loads_tokenizes_bytes_and_decodes_finite_logits(GgmlType type)
    {
        var cancellation = TestContext.Current.CancellationToken;
        NativeRuntime.Initialize();
        var model = SyntheticModels.Ensure("tiny", type, cacheDirectory);
        var parameters = new ModelParams(model.Path) { ContextSize = 64, Threads = 2, BatchThreads = 2, GpuLayerCount = 0 };

        using var weights = LLamaWeights.LoadFromFile(parameters);
        var tokens = weights.Tokenize("2+2=", add_bos: true, special: false, Encoding.UTF8);
        cancellation.ThrowIfCancellationRequested();
        using var context = weights.CreateContext(parameters);
        var batch = new LLamaBatch();
        batch.AddRange(tokens, 0, LLamaSeqId.Zero, true);
        var result = context.NativeHandle.Decode(batch);
        var logits = context.NativeHandle.GetLogitsIth(tokens.Length - 1).ToArray();

        Assert.Equal([ByteLevelVocabulary.BosId, '2', '+', '2', '='], tokens.Select(t => (int)t));
        Assert.Equal(DecodeResult.Ok, result);
        Assert.Equal(model.Shape.VocabSize, weights.Vocab.Count);
        Assert.Equal(model.Shape.VocabSize, logits.Length);
        Assert.All(logits, l => Assert.True(float.IsFinite(l), $"logit {l} is not finite"));
        Assert.True(logits.Max() > logits.Min(), "random weights give distinct logits");
    }

    /// <summary>Opt-in (WICK_SYNTH_LARGE=1): the real-size presets load and decode through llama.cpp. They are written to
    /// the default model cache on first use (about 0.4 and 1.2 GB in Q8_0).</summary>
    [Theory(Timeout = 600_000)]
    [InlineData("0.5b", GgmlType.Q8_0)]
    [InlineData("1.1b", GgmlType.Q8_0)]
    [InlineData("0.5b", GgmlType.Q4_0)]
    public void Real_size_synthetic_model_loads_and_decodes_finite_logits(string preset, GgmlType type)
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("WICK_SYNTH_LARGE") == "1", "set WICK_SYNTH_LARGE=1 to load the real-size synthetic models");
        var cancellation = TestContext.Current.CancellationToken;
        NativeRuntime.Initialize();
        var model = SyntheticModels.Ensure(preset, type);
        var up = GgufFile.Read(model.Path).ReadTensorFloats(model.Path, "blk.0.ffn_up.weight");
        var deviation = Math.Sqrt(up.Average(w => (double)w * w));
        var parameters = new ModelParams(model.Path) { ContextSize = 256, Threads = 2, BatchThreads = 2, GpuLayerCount = 0 };

        using var weights = LLamaWeights.LoadFromFile(parameters);
        cancellation.ThrowIfCancellationRequested();
        using var context = weights.CreateContext(parameters);
        var tokens = weights.Tokenize("Hello, world", add_bos: true, special: false, Encoding.UTF8);
        var batch = new LLamaBatch();
        batch.AddRange(tokens, 0, LLamaSeqId.Zero, true);
        var result = context.NativeHandle.Decode(batch);
        var logits = context.NativeHandle.GetLogitsIth(tokens.Length - 1).ToArray();

        Assert.InRange(deviation, 0.018, 0.022);
        Assert.Equal(DecodeResult.Ok, result);
        Assert.Equal(model.Shape.VocabSize, logits.Length);
        Assert.All(logits, l => Assert.True(float.IsFinite(l), $"logit {l} is not finite"));
    }
}

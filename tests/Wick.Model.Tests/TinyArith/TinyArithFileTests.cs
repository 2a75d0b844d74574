using Wick.Core.Gguf;
using Wick.Core.Models;
using Wick.Training;

namespace Wick.Model.Tests.TinyArith;

/// <summary>The shipped file and its manifest describe each other, and the recipe can be re-derived from the seed.</summary>
public sealed class TinyArithFileTests
{
    [Fact]
    public void The_manifest_describes_the_shipped_file()
    {
        var model = ShippedModels.TinyArith; // verifies the sha256
        var manifest = model.Manifest;
        var file = GgufFile.Read(model.GgufPath);

        Assert.Equal(new FileInfo(model.GgufPath).Length, manifest.SizeBytes);
        Assert.True(manifest.SizeBytes < 5 * 1024 * 1024, $"{manifest.SizeBytes} bytes");
        Assert.Equal("llama", manifest.Architecture);
        Assert.Equal(file.ParameterCount, manifest.ParameterCount);
        Assert.Equal(TinyLlamaConfig.Default.ParameterCount, manifest.ParameterCount);
        Assert.Equal(
            new ModelDimensions((int)file.VocabSize!, (int)file.ContextLength!, (int)file.EmbeddingLength!, (int)file.BlockCount!, 4, 4, 256),
            manifest.Dimensions);
        Assert.Contains($"train-tiny --seed {manifest.Seed} ", manifest.Command, StringComparison.Ordinal);
        Assert.True(manifest.TrainingSeconds > 0);
    }

    [Fact]
    public void The_held_out_pairs_in_the_manifest_follow_from_its_seed()
    {
        var manifest = ShippedModels.TinyArith.Manifest;

        var listed = TinyArithManifest.HeldOutPairs(manifest);

        Assert.Equal(new ArithmeticData((ulong)manifest.Seed!.Value).HeldOut, listed);
    }

    [Fact]
    public void The_gguf_carries_the_tokenizer_the_chat_template_and_f32_tensors()
    {
        var file = GgufFile.Read(ShippedModels.TinyArith.GgufPath);

        Assert.Equal(TinyLlamaGguf.ChatTemplate, file.ChatTemplate);
        Assert.Equal("tiny-arith", file.Name);
        Assert.Equal("gpt2", file.Metadata["tokenizer.ggml.model"].AsString());
        Assert.Equal(0, file.FileType);
        Assert.All(file.Tensors, t => Assert.Equal(GgmlType.F32, t.Type));
    }

    [Fact(Timeout = 120_000)]
    public void The_trainer_forward_on_the_shipped_weights_reproduces_the_recorded_accuracy()
    {
        var model = ShippedModels.TinyArith;
        var generator = new TinyLlamaGenerator(TinyLlamaGguf.Read(model.GgufPath));
        var recorded = model.Manifest.Accuracy!.Value.GetProperty("trainer");
        var data = new ArithmeticData((ulong)model.Manifest.Seed!.Value);

        var heldOut = ArithmeticEvaluation.Evaluate(
            "heldOutSums",
            data.HeldOut,
            prompt => generator.Greedy(ByteTokens.EncodeWithBos(prompt), ArithmeticEvaluation.MaxNewTokens),
            TestContext.Current.CancellationToken);

        Assert.Equal(recorded.GetProperty("heldOutSums").GetProperty("correct").GetInt32(), heldOut.Correct);
        Assert.Equal(200, recorded.GetProperty("heldOutSums").GetProperty("total").GetInt32());
        Assert.Equal(100, recorded.GetProperty("singleDigitSums").GetProperty("correct").GetInt32());
    }
}

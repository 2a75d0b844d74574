using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wick.Core.Models;

namespace Wick.Training;

/// <summary>Builds and reads the manifest of the tiny arithmetic model (<see cref="ModelManifest"/>).</summary>
public static class TinyArithManifest
{
    /// <summary>The model's name (also <c>general.name</c> in the GGUF).</summary>
    public const string Name = "tiny-arith";

    /// <summary>The GGUF file name.</summary>
    public const string FileName = "tiny-arith.gguf";

    /// <summary>The manifest for a trained and written model.</summary>
    public static ModelManifest Create(
        TrainingOptions options, TrainingResult result, IReadOnlyList<AccuracyReport> accuracy, string ggufPath, string command)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(accuracy);
        var config = options.Config;
        return new ModelManifest
        {
            Name = Name,
            File = Path.GetFileName(ggufPath),
            Sha256 = ModelIntegrity.ComputeSha256(ggufPath),
            SizeBytes = new FileInfo(ggufPath).Length,
            Architecture = "llama",
            Dimensions = new ModelDimensions(
                config.VocabSize, config.ContextLength, config.EmbeddingLength, config.LayerCount, config.HeadCount, config.HeadCount, config.FeedForwardLength),
            ParameterCount = config.ParameterCount,
            Seed = checked((long)options.Seed),
            DataRecipe = DataRecipe(options, result.Data),
            Command = command,
            Accuracy = Accuracy(accuracy),
            TrainingSeconds = Math.Round(result.Elapsed.TotalSeconds, 1),
            CreatedWith = string.Create(
                CultureInfo.InvariantCulture,
                $"wick-model train-tiny (Wick.Training: plain C# forward/backward, AdamW) on {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}, Vector<float> {System.Numerics.Vector<float>.Count} lanes"),
        };
    }

    /// <summary>The held-out sums a manifest lists (<c>dataRecipe.heldOutPairs</c>).</summary>
    public static IReadOnlyList<ArithmeticProblem> HeldOutPairs(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.DataRecipe is not { } recipe || !recipe.TryGetProperty("heldOutPairs", out var pairs))
        {
            throw new InvalidDataException($"Manifest '{manifest.Name}' has no dataRecipe.heldOutPairs.");
        }

        return [.. pairs.EnumerateArray().Select(p => new ArithmeticProblem(p[0].GetInt32(), '+', p[1].GetInt32()))];
    }

    private static JsonElement DataRecipe(TrainingOptions options, ArithmeticData data)
    {
        var recipe = new JsonObject
        {
            ["description"] = data.Description,
            ["format"] = "[BOS]a{op}b=c[EOS]; token = byte value, BOS 256, EOS 257; loss on c and EOS",
            ["mix"] = new JsonObject
            {
                ["allSums"] = data.Mix.AllSums,
                ["singleDigitSums"] = data.Mix.SingleDigitSums,
                ["singleDigitDifferences"] = data.Mix.SingleDigitDifferences,
                ["singleDigitProducts"] = data.Mix.SingleDigitProducts,
            },
            ["counts"] = new JsonObject
            {
                ["trainingSums"] = data.TrainingSums.Count,
                ["singleDigitSums"] = data.SingleDigitSums.Count,
                ["singleDigitDifferences"] = data.SingleDigitDifferences.Count,
                ["singleDigitProducts"] = data.SingleDigitProducts.Count,
            },
            ["heldOutRule"] = "pairs (a, b) with 10 <= a < b <= 99 from a seeded shuffle; a+b and b+a are both excluded from training",
            ["heldOutPairs"] = new JsonArray([.. data.HeldOut.Select(p => (JsonNode)new JsonArray(p.Left, p.Right))]),
            ["training"] = new JsonObject
            {
                ["steps"] = options.Steps,
                ["batchSize"] = options.BatchSize,
                ["chunks"] = options.Chunks,
                ["optimizer"] = "AdamW",
                ["learningRate"] = options.LearningRate,
                ["warmupSteps"] = options.WarmupSteps,
                ["schedule"] = "linear warm-up, cosine decay",
                ["finalLearningRateFraction"] = options.FinalLearningRateFraction,
                ["weightDecay"] = options.WeightDecay,
                ["beta1"] = options.Beta1,
                ["beta2"] = options.Beta2,
                ["epsilon"] = options.Epsilon,
                ["gradientClip"] = options.GradientClip,
                ["initStd"] = options.InitStd,
            },
        };
        return ToElement(recipe);
    }

    private static JsonElement Accuracy(IReadOnlyList<AccuracyReport> reports)
    {
        var trainer = new JsonObject();
        foreach (var report in reports)
        {
            trainer[report.Name] = new JsonObject { ["correct"] = report.Correct, ["total"] = report.Total };
        }

        return ToElement(new JsonObject { ["measuredBy"] = "the trainer's forward pass, greedy decoding", ["trainer"] = trainer });
    }

    private static JsonElement ToElement(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }
}

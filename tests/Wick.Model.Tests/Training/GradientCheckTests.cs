using Wick.Training;

namespace Wick.Model.Tests.Training;

/// <summary>The hand-written backward pass against central finite differences, for every parameter kind.</summary>
public sealed class GradientCheckTests
{
    private static readonly TinyLlamaConfig Tiny = new(VocabSize: 19, EmbeddingLength: 8, LayerCount: 2, HeadCount: 2, FeedForwardLength: 12, ContextLength: 16);

    public static TheoryData<string> TensorNames() =>
        [.. new ParameterLayout(Tiny).Tensors.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(TensorNames))]
    public void Backward_matches_finite_differences(string tensorName)
    {
        var weights = RandomWeights();
        var examples = Examples();
        var targets = examples.Sum(e => e.Tokens.Length - e.AnswerStart);
        var scale = 1f / targets;
        var pass = new LlamaPass(weights.Layout);
        pass.PackTraining(examples, 0, examples.Length);
        pass.Forward(weights);
        var grad = new float[weights.Layout.Size];
        pass.Backward(weights, grad, scale);

        var tensor = weights.Layout.Tensors.Single(t => t.Name == tensorName);
        var rng = new SplitMix64(7);
        var indices = Enumerable.Range(0, tensor.Length).ToList();
        rng.Shuffle(indices);
        var checkedCount = 0;
        var worst = 0.0;
        foreach (var i in indices.Take(24))
        {
            var at = tensor.Offset + i;
            var numeric = Numeric(weights, pass, at, scale);
            var analytic = grad[at];
            var error = Math.Abs(numeric - analytic) / Math.Max(1e-3, Math.Abs(numeric) + Math.Abs(analytic));
            worst = Math.Max(worst, error);
            Assert.True(error < 2e-2, $"{tensorName}[{i}]: analytic {analytic:G6}, numeric {numeric:G6}, rel {error:G3}");
            checkedCount++;
        }

        Assert.True(grad.AsSpan(tensor.Offset, tensor.Length).ToArray().Any(g => Math.Abs(g) > 1e-4), "gradient is all but zero");
        TestContext.Current.TestOutputHelper?.WriteLine($"{tensorName}: {checkedCount} entries, worst relative error {worst:G3}");
    }

    /// <summary>Richardson-extrapolated central difference: O(h⁴) truncation, so float32 rounding noise stays small.</summary>
    private static double Numeric(TinyLlamaWeights weights, LlamaPass pass, int at, float scale)
    {
        const float h = 2e-2f;
        var wide = Central(weights, pass, at, scale, h);
        var narrow = Central(weights, pass, at, scale, h / 2);
        return ((4 * narrow) - wide) / 3;
    }

    private static double Central(TinyLlamaWeights weights, LlamaPass pass, int at, float scale, float h)
    {
        var original = weights.Values[at];
        weights.Values[at] = original + h;
        weights.RefreshTransposed();
        var plus = pass.Forward(weights) * scale;
        weights.Values[at] = original - h;
        weights.RefreshTransposed();
        var minus = pass.Forward(weights) * scale;
        weights.Values[at] = original;
        weights.RefreshTransposed();
        return (plus - minus) / (2.0 * h);
    }

    private static TinyLlamaWeights RandomWeights()
    {
        var weights = TinyLlamaWeights.Initialize(Tiny, seed: 11, std: 0.4f);
        var rng = new SplitMix64(12);
        foreach (var t in weights.Layout.Tensors.Where(t => !t.IsMatrix))
        {
            for (var i = 0; i < t.Length; i++)
            {
                weights.Values[t.Offset + i] = (float)(0.7 + (0.6 * rng.NextDouble()));
            }
        }

        weights.RefreshTransposed();
        return weights;
    }

    private static TrainingExample[] Examples()
    {
        var rng = new SplitMix64(5);
        int[] lengths = [6, 9, 4, 12];
        return
        [
            .. lengths.Select(length =>
            {
                var tokens = Enumerable.Range(0, length).Select(_ => rng.NextInt(Tiny.VocabSize)).ToArray();
                return new TrainingExample(tokens, AnswerStart: length / 2);
            }),
        ];
    }
}

using Wick.Training;

namespace Wick.Model.Tests.Training;

public sealed class AdamWTests
{
    [Fact]
    public void Steps_match_the_reference_update_with_decay_on_matrices_only()
    {
        // Odd tensor lengths exercise the scalar tail beside the vector lanes.
        var layout = new ParameterLayout(new TinyLlamaConfig(VocabSize: 7, EmbeddingLength: 6, LayerCount: 1, HeadCount: 3, FeedForwardLength: 5, ContextLength: 4));
        var rng = new SplitMix64(1);
        var parameters = Enumerable.Range(0, layout.Size).Select(_ => (float)rng.NextGaussian()).ToArray();
        var expected = parameters.ToArray();
        var m = new double[layout.Size];
        var v = new double[layout.Size];
        const float lr = 0.01f, b1 = 0.9f, b2 = 0.99f, eps = 1e-8f, wd = 0.1f;
        var optimizer = new AdamW(layout, b1, b2, eps, wd);

        for (var t = 1; t <= 3; t++)
        {
            var gradient = Enumerable.Range(0, layout.Size).Select(_ => (float)rng.NextGaussian()).ToArray();
            optimizer.Step(parameters, gradient, lr);
            foreach (var tensor in layout.Tensors)
            {
                for (var i = tensor.Offset; i < tensor.Offset + tensor.Length; i++)
                {
                    m[i] = (b1 * m[i]) + ((1 - b1) * gradient[i]);
                    v[i] = (b2 * v[i]) + ((1 - b2) * gradient[i] * gradient[i]);
                    var mHat = m[i] / (1 - Math.Pow(b1, t));
                    var vHat = v[i] / (1 - Math.Pow(b2, t));
                    var decayed = tensor.IsMatrix ? expected[i] * (1 - (lr * wd)) : expected[i];
                    expected[i] = (float)(decayed - (lr * mHat / (Math.Sqrt(vHat) + eps)));
                }
            }
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            Assert.Equal(expected[i], parameters[i], 1e-5f);
        }
    }
}

using Wick.Core.Sampling;

namespace Wick.TestSupport;

/// <summary>A stand-in greedy sampler: the arg-max token and its log-softmax probability.</summary>
public sealed class GreedySampler : ISequenceSampler
{
    public SampledToken Sample(Span<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        double sum = 0;
        foreach (var value in logits)
        {
            sum += Math.Exp(value - logits[best]);
        }

        return new SampledToken(best, (float)-Math.Log(sum));
    }
}

namespace Wick.Training;

/// <summary>Greedy generation with the trainer's own forward pass (the reference llama.cpp is compared against).</summary>
public sealed class TinyLlamaGenerator
{
    private readonly TinyLlamaWeights weights;
    private readonly LlamaPass pass;

    /// <summary>Generates with <paramref name="weights"/>.</summary>
    public TinyLlamaGenerator(TinyLlamaWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        this.weights = weights;
        pass = new LlamaPass(weights.Layout);
    }

    /// <summary>The logits after the last token of <paramref name="tokens"/>.</summary>
    public float[] LastLogits(ReadOnlySpan<int> tokens)
    {
        pass.PackPrompt(tokens);
        pass.Forward(weights);
        return pass.OutputLogits(0).ToArray();
    }

    /// <summary>Greedy tokens after <paramref name="prompt"/> until EOS (included) or <paramref name="maxNewTokens"/>.</summary>
    public IReadOnlyList<int> Greedy(ReadOnlySpan<int> prompt, int maxNewTokens)
    {
        var context = new List<int>(prompt.ToArray());
        var generated = new List<int>();
        var limit = weights.Layout.Config.ContextLength;
        while (generated.Count < maxNewTokens && context.Count < limit)
        {
            var next = ArgMax(LastLogits(context.ToArray()));
            generated.Add(next);
            context.Add(next);
            if (next == ByteTokens.Eos)
            {
                break;
            }
        }

        return generated;
    }

    /// <summary>Index of the largest value (the first one on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}

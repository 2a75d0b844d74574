using LLama.Native;
using LLama.Sampling;

namespace Wick.Bench.Baselines;

/// <summary>
/// Greedy sampling with end-of-generation tokens banned, for LLamaSharp's executors: the same choice as Wick's
/// temperature 0 with <c>ignore_eos</c>, so every phase generates exactly the asked number of tokens. llama.cpp's own
/// logit-bias and greedy samplers, nothing heavier.
/// </summary>
internal sealed class GreedyIgnoreEosPipeline(IReadOnlyList<LLamaToken> banned) : BaseSamplingPipeline
{
    protected override SafeLLamaSamplerChainHandle CreateChain(SafeLLamaContextHandle context)
    {
        var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        var biases = banned.Select(token => new LLamaLogitBias { Token = token, Bias = float.NegativeInfinity }).ToArray();
        chain.AddLogitBias(context.ModelHandle.Vocab.Count, biases);
        chain.AddGreedySampler();
        return chain;
    }
}

using Wick.Core.Sampling;
using Wick.Core.Text;

namespace Wick.Core.Execution;

/// <summary>
/// One sequence to generate. The sampler and output processor belong to this request alone (n choices are n requests).
/// <paramref name="MaxTokens"/> null means as many as the context holds; a larger value is capped to that.
/// </summary>
public sealed record GenerationRequest(
    IReadOnlyList<int> PromptTokens,
    int? MaxTokens,
    ISequenceSampler Sampler,
    IOutputProcessor OutputProcessor)
{
    /// <summary>Ends the request with a deadline error if no token was sampled this long after submission.</summary>
    public TimeSpan? FirstTokenTimeout { get; init; }

    /// <summary>Ends the request with a deadline error if it has not finished this long after submission.</summary>
    public TimeSpan? TotalTimeout { get; init; }

    /// <summary>Keep generating past end-of-generation tokens (benchmarks); they are then emitted like any token.</summary>
    public bool IgnoreEndOfGeneration { get; init; }
}

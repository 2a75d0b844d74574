namespace Wick.Core.Sampling;

/// <summary>A sampled token, its log-probability under the distribution it was drawn from, and the top alternatives when asked.</summary>
public readonly record struct SampledToken(int TokenId, float LogProbability, IReadOnlyList<TokenLogProbability>? TopLogProbabilities = null);

/// <summary>One candidate token and its log-probability.</summary>
public readonly record struct TokenLogProbability(int TokenId, float LogProbability);

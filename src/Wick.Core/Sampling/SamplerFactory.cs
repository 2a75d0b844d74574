using Wick.Core.Text;

namespace Wick.Core.Sampling;

/// <summary>Builds the sampler of one sequence.</summary>
public static class SamplerFactory
{
    /// <summary>
    /// Validates <paramref name="parameters"/> against the vocabulary (throwing
    /// <see cref="Errors.InvalidParameterException"/>) and returns a sampler whose draws depend only on its own inputs:
    /// the parameters, the prompt, the logits it is given, and its seed (drawn here when none is set).
    /// </summary>
    public static ISequenceSampler Create(SamplingParameters parameters, IReadOnlyList<int> promptTokens, ITokenVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(promptTokens);
        ArgumentNullException.ThrowIfNull(vocabulary);
        parameters.Validate(vocabulary.Size);
        var seed = parameters.Seed is { } chosen ? unchecked((ulong)chosen) : unchecked((ulong)Random.Shared.NextInt64(long.MinValue, long.MaxValue));
        return new SequenceSampler(parameters, promptTokens, vocabulary, seed);
    }
}

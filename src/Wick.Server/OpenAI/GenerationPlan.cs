using Wick.Core.Sampling;

namespace Wick.Server.OpenAI;

/// <summary>What an OpenAI request asks the engine for, once validated: the prompt, sampling, and how to answer.</summary>
internal sealed record GenerationPlan(
    string? PromptText,
    IReadOnlyList<int>? PromptTokens,
    SamplingParameters Sampling,
    int Choices,
    bool Stream,
    bool IncludeUsage,
    TimeSpan? Timeout,
    bool Echo);

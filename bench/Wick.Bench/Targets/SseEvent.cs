namespace Wick.Bench.Targets;

/// <summary>
/// What the benchmark needs from one <c>/v1/completions</c> stream event: tokens it carries (the length of
/// <c>logprobs.token_logprobs</c>, or 1 for non-empty text when logprobs were not asked for), the usage count if any,
/// an error message, and whether it is the final <c>[DONE]</c>.
/// </summary>
internal readonly record struct SseEvent(int Tokens, bool HasText, int? CompletionTokens, int? PromptTokens, string? Error, bool Done);

using System.Globalization;
using Wick.Core.Errors;

namespace Wick.Core.Sampling;

/// <summary>
/// How one sequence is sampled and when its output ends. Defaults are OpenAI's (temperature 1, top_p 1, no penalties);
/// <c>top_k</c> 0 and <c>min_p</c> 0 mean off. Call <see cref="Validate"/> before use: errors name the OpenAI wire parameter.
/// </summary>
public sealed record SamplingParameters
{
    /// <summary>OpenAI's limit on the number of stop strings.</summary>
    public const int MaxStopStrings = 4;

    /// <summary>OpenAI's limit on <c>top_logprobs</c>.</summary>
    public const int MaxTopLogprobs = 20;

    /// <summary>0 is greedy (argmax, ties to the lowest id); at most 2.</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>Keep only the k most likely tokens; 0 is off.</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest set of most likely tokens whose probability reaches p; in (0, 1], 1 is off.</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Drop tokens less likely than min_p times the most likely one; in [0, 1], 0 is off.</summary>
    public float MinP { get; init; }

    /// <summary>Seed of this sequence's own random stream; null draws one when the sampler is created.</summary>
    public long? Seed { get; init; }

    /// <summary>OpenAI presence penalty in [-2, 2], over the generated tokens.</summary>
    public float PresencePenalty { get; init; }

    /// <summary>OpenAI frequency penalty in [-2, 2], over the generated tokens.</summary>
    public float FrequencyPenalty { get; init; }

    /// <summary>llama.cpp-style repetition penalty (&gt; 0, 1 is off), over the prompt and the generated tokens.</summary>
    public float RepetitionPenalty { get; init; } = 1f;

    /// <summary>Token id → bias in [-100, 100] added to its logit; -100 bans the token outright.</summary>
    public IReadOnlyDictionary<int, float>? LogitBias { get; init; }

    /// <summary>
    /// Compute the log-probability of each sampled token; without it <see cref="SampledToken.LogProbability"/> is NaN
    /// (for greedy it would cost a softmax over the whole vocabulary per token).
    /// </summary>
    public bool Logprobs { get; init; }

    /// <summary>How many most likely alternatives to return per token (0..20); needs <see cref="Logprobs"/>.</summary>
    public int TopLogprobs { get; init; }

    /// <summary>Most tokens to generate; null leaves it to the context size.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Up to 4 non-empty stop strings; the output ends before the first one to appear.</summary>
    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary>Keep generating past end-of-generation tokens (they are masked out of sampling).</summary>
    public bool IgnoreEos { get; init; }

    /// <summary>Throws <see cref="InvalidParameterException"/> naming the first parameter out of range.</summary>
    /// <param name="vocabSize">The model's vocabulary size, which bounds the ids in <see cref="LogitBias"/>.</param>
    public void Validate(int vocabSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSize, 1);

        RequireDecimalInRange("temperature", Temperature, 0f, 2f);
        RequireFinite("top_p", TopP);
        if (TopP <= 0f || TopP > 1f)
        {
            throw Invalid("top_p", "invalid_value", $"Expected a value in (0, 1], but got {Format(TopP)} instead.");
        }

        if (TopK < 0)
        {
            throw Invalid("top_k", "integer_below_min_value", $"Expected a value >= 0, but got {TopK} instead.");
        }

        RequireDecimalInRange("min_p", MinP, 0f, 1f);
        RequireDecimalInRange("presence_penalty", PresencePenalty, -2f, 2f);
        RequireDecimalInRange("frequency_penalty", FrequencyPenalty, -2f, 2f);
        RequireFinite("repetition_penalty", RepetitionPenalty);
        if (RepetitionPenalty <= 0f)
        {
            throw Invalid("repetition_penalty", "decimal_below_min_value", $"Expected a value > 0, but got {Format(RepetitionPenalty)} instead.");
        }

        ValidateLogitBias(vocabSize);

        if (TopLogprobs < 0 || TopLogprobs > MaxTopLogprobs)
        {
            throw Invalid("top_logprobs", TopLogprobs < 0 ? "integer_below_min_value" : "integer_above_max_value", $"Expected a value in [0, {MaxTopLogprobs}], but got {TopLogprobs} instead.");
        }

        if (TopLogprobs > 0 && !Logprobs)
        {
            throw Invalid("top_logprobs", "invalid_value", "'logprobs' must be true when 'top_logprobs' is used.");
        }

        if (MaxTokens < 1)
        {
            throw Invalid("max_tokens", "integer_below_min_value", $"Expected a value >= 1, but got {MaxTokens} instead.");
        }

        ValidateStop();
    }

    private void ValidateLogitBias(int vocabSize)
    {
        if (LogitBias is null)
        {
            return;
        }

        foreach (var (tokenId, bias) in LogitBias)
        {
            if (tokenId < 0 || tokenId >= vocabSize)
            {
                throw Invalid("logit_bias", "invalid_value", $"Token id {tokenId} is outside the vocabulary [0, {vocabSize}).");
            }

            RequireDecimalInRange("logit_bias", bias, -100f, 100f);
        }

        // -100 bans a token outright: a request that bans the whole vocabulary can never produce one.
        if (LogitBias.Count == vocabSize && LogitBias.Values.All(bias => bias <= -100f))
        {
            throw Invalid("logit_bias", "invalid_value", "logit_bias bans every token of the vocabulary (-100 on all of them): nothing could be generated.");
        }
    }

    private void ValidateStop()
    {
        if (Stop is null)
        {
            return;
        }

        if (Stop.Count > MaxStopStrings)
        {
            throw Invalid("stop", "array_above_max_length", $"Expected at most {MaxStopStrings} stop strings, but got {Stop.Count} instead.");
        }

        foreach (var stop in Stop)
        {
            if (string.IsNullOrEmpty(stop))
            {
                throw Invalid("stop", "invalid_value", "Stop strings must not be empty.");
            }

            // A lone surrogate could match half of a character, and the output would then end in half a character.
            if (!IsWellFormedUtf16(stop))
            {
                throw Invalid("stop", "invalid_value", "Stop strings must be well-formed text (no unpaired surrogates).");
            }
        }
    }

    private static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static void RequireDecimalInRange(string param, float value, float min, float max)
    {
        RequireFinite(param, value);
        if (value < min)
        {
            throw Invalid(param, "decimal_below_min_value", $"Expected a value >= {Format(min)}, but got {Format(value)} instead.");
        }

        if (value > max)
        {
            throw Invalid(param, "decimal_above_max_value", $"Expected a value <= {Format(max)}, but got {Format(value)} instead.");
        }
    }

    private static void RequireFinite(string param, float value)
    {
        if (!float.IsFinite(value))
        {
            throw Invalid(param, "invalid_value", $"Expected a finite number, but got {Format(value)} instead.");
        }
    }

    private static InvalidParameterException Invalid(string param, string code, string detail) =>
        new(param, code, $"Invalid '{param}': {detail}");

    private static string Format(float value) => value.ToString(CultureInfo.InvariantCulture);
}

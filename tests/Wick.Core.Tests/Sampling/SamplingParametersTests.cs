using Wick.Core.Errors;
using Wick.Core.Sampling;

namespace Wick.Core.Tests.Sampling;

public sealed class SamplingParametersTests
{
    private const int VocabSize = 100;

    private static readonly Dictionary<string, (string Param, SamplingParameters Parameters)> BadCases = new()
    {
        ["negative temperature"] = ("temperature", new() { Temperature = -0.1f }),
        ["temperature above 2"] = ("temperature", new() { Temperature = 2.01f }),
        ["NaN temperature"] = ("temperature", new() { Temperature = float.NaN }),
        ["infinite temperature"] = ("temperature", new() { Temperature = float.PositiveInfinity }),
        ["top_p zero"] = ("top_p", new() { TopP = 0f }),
        ["top_p above 1"] = ("top_p", new() { TopP = 1.01f }),
        ["negative top_p"] = ("top_p", new() { TopP = -0.5f }),
        ["NaN top_p"] = ("top_p", new() { TopP = float.NaN }),
        ["negative top_k"] = ("top_k", new() { TopK = -1 }),
        ["negative min_p"] = ("min_p", new() { MinP = -0.01f }),
        ["min_p above 1"] = ("min_p", new() { MinP = 1.5f }),
        ["NaN min_p"] = ("min_p", new() { MinP = float.NaN }),
        ["presence below -2"] = ("presence_penalty", new() { PresencePenalty = -2.5f }),
        ["presence above 2"] = ("presence_penalty", new() { PresencePenalty = 2.5f }),
        ["infinite presence"] = ("presence_penalty", new() { PresencePenalty = float.NegativeInfinity }),
        ["frequency below -2"] = ("frequency_penalty", new() { FrequencyPenalty = -3f }),
        ["frequency above 2"] = ("frequency_penalty", new() { FrequencyPenalty = 2.0001f }),
        ["NaN frequency"] = ("frequency_penalty", new() { FrequencyPenalty = float.NaN }),
        ["zero repetition"] = ("repetition_penalty", new() { RepetitionPenalty = 0f }),
        ["negative repetition"] = ("repetition_penalty", new() { RepetitionPenalty = -1f }),
        ["infinite repetition"] = ("repetition_penalty", new() { RepetitionPenalty = float.PositiveInfinity }),
        ["bias below -100"] = ("logit_bias", new() { LogitBias = new Dictionary<int, float> { [3] = -101f } }),
        ["bias above 100"] = ("logit_bias", new() { LogitBias = new Dictionary<int, float> { [3] = 100.5f } }),
        ["NaN bias"] = ("logit_bias", new() { LogitBias = new Dictionary<int, float> { [3] = float.NaN } }),
        ["bias on negative id"] = ("logit_bias", new() { LogitBias = new Dictionary<int, float> { [-1] = 1f } }),
        ["bias on id past the vocabulary"] = ("logit_bias", new() { LogitBias = new Dictionary<int, float> { [VocabSize] = 1f } }),
        ["bias banning every token"] = ("logit_bias", new() { LogitBias = Enumerable.Range(0, VocabSize).ToDictionary(t => t, _ => -100f) }),
        ["negative top_logprobs"] = ("top_logprobs", new() { Logprobs = true, TopLogprobs = -1 }),
        ["top_logprobs above 20"] = ("top_logprobs", new() { Logprobs = true, TopLogprobs = 21 }),
        ["top_logprobs without logprobs"] = ("top_logprobs", new() { TopLogprobs = 2 }),
        ["zero max_tokens"] = ("max_tokens", new() { MaxTokens = 0 }),
        ["negative max_tokens"] = ("max_tokens", new() { MaxTokens = -5 }),
        ["five stop strings"] = ("stop", new() { Stop = ["a", "b", "c", "d", "e"] }),
        ["empty stop string"] = ("stop", new() { Stop = ["a", ""] }),
        ["null stop string"] = ("stop", new() { Stop = ["a", null!] }),
        ["stop with a lone high surrogate"] = ("stop", new() { Stop = ["ab\uD83D"] }),
        ["stop with a high surrogate before a letter"] = ("stop", new() { Stop = ["\uD83Dx"] }),
        ["stop with a lone low surrogate"] = ("stop", new() { Stop = ["\uDE00b"] }),
    };

    public static TheoryData<string> BadParameters => new(BadCases.Keys);

    [Theory]
    [MemberData(nameof(BadParameters))]
    public void Validate_rejects_a_bad_parameter_naming_it_in_wire_terms(string badCase)
    {
        var (expectedParam, parameters) = BadCases[badCase];

        var error = Assert.Throws<InvalidParameterException>(() => parameters.Validate(VocabSize));

        Assert.Equal(expectedParam, error.Param);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal("invalid_request_error", error.ErrorType);
        Assert.Null(error.RetryAfterSeconds);
        Assert.False(string.IsNullOrEmpty(error.Code));
        Assert.Contains($"'{expectedParam}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_accepts_a_bias_that_leaves_one_token_allowed()
    {
        var bias = Enumerable.Range(0, VocabSize).ToDictionary(t => t, t => t == 5 ? -99f : -100f);

        new SamplingParameters { LogitBias = bias }.Validate(VocabSize);
    }

    [Fact]
    public void Validate_accepts_the_defaults()
    {
        new SamplingParameters().Validate(VocabSize);
    }

    [Fact]
    public void Validate_accepts_every_limit_value()
    {
        SamplingParameters[] limits =
        [
            new() { Temperature = 0f, TopP = 1f, MinP = 0f, TopK = 0 },
            new() { Temperature = 2f, TopP = float.Epsilon, MinP = 1f, TopK = VocabSize * 10 },
            new() { PresencePenalty = -2f, FrequencyPenalty = 2f, RepetitionPenalty = float.Epsilon },
            new() { PresencePenalty = 2f, FrequencyPenalty = -2f, RepetitionPenalty = 1e30f },
            new() { LogitBias = new Dictionary<int, float> { [0] = -100f, [VocabSize - 1] = 100f } },
            new() { Logprobs = true, TopLogprobs = 20, MaxTokens = 1, Seed = long.MinValue },
            new() { Logprobs = true, TopLogprobs = 0, MaxTokens = int.MaxValue, Seed = long.MaxValue },
            new() { Stop = ["a", "bb", "\uD83D\uDE00", "x\uD83D\uDE00y"], IgnoreEos = true },
            new() { Stop = [] },
        ];

        foreach (var parameters in limits)
        {
            parameters.Validate(VocabSize);
        }
    }

    [Fact]
    public void Validate_rejects_an_empty_vocabulary_as_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingParameters().Validate(0));
    }

    [Fact]
    public void Errors_carry_an_OpenAI_style_code_for_the_kind_of_mistake()
    {
        var above = Assert.Throws<InvalidParameterException>(() => new SamplingParameters { Temperature = 3f }.Validate(VocabSize));
        var below = Assert.Throws<InvalidParameterException>(() => new SamplingParameters { Temperature = -1f }.Validate(VocabSize));
        var tooMany = Assert.Throws<InvalidParameterException>(() => new SamplingParameters { Stop = ["a", "b", "c", "d", "e"] }.Validate(VocabSize));

        Assert.Equal("decimal_above_max_value", above.Code);
        Assert.Equal("decimal_below_min_value", below.Code);
        Assert.Equal("array_above_max_length", tooMany.Code);
    }

    [Fact]
    public void InvalidParameterException_requires_a_parameter_name_and_a_code()
    {
        Assert.Throws<ArgumentException>(() => new InvalidParameterException("", "invalid_value", "message"));
        Assert.Throws<ArgumentException>(() => new InvalidParameterException("temperature", "", "message"));
    }
}

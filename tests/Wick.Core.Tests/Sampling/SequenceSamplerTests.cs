using Wick.Core.Errors;
using Wick.Core.Sampling;
using Wick.Core.Tests.Text;

namespace Wick.Core.Tests.Sampling;

public sealed class SequenceSamplerTests
{
    private static readonly SamplingParameters Greedy = new() { Temperature = 0f };

    internal static SequenceSampler Create(SamplingParameters parameters, int vocabSize, IReadOnlyList<int>? prompt = null, params int[] endOfGeneration) =>
        (SequenceSampler)SamplerFactory.Create(parameters, prompt ?? [], FakeVocabulary.OfSize(vocabSize, endOfGeneration));

    internal static double[] LogSoftmax(IReadOnlyList<float> logits, double temperature = 1.0)
    {
        var max = logits.Max();
        var logTotal = Math.Log(logits.Sum(x => Math.Exp((x - max) / temperature)));
        return [.. logits.Select(x => ((x - max) / temperature) - logTotal)];
    }

    [Fact]
    public void Greedy_picks_the_largest_logit()
    {
        var sampler = Create(Greedy, 5);

        var token = sampler.Sample(new float[] { 0.5f, -1f, 3f, 2.9f, 0f });

        Assert.Equal(2, token.TokenId);
    }

    [Fact]
    public void Greedy_breaks_ties_toward_the_lowest_id()
    {
        var sampler = Create(Greedy, 6);

        var token = sampler.Sample(new float[] { 0f, 1f, 4f, 2f, 4f, 4f });

        Assert.Equal(2, token.TokenId);
    }

    [Fact]
    public void Greedy_log_probability_is_the_log_softmax_of_the_processed_logits()
    {
        float[] logits = [1f, 2f, 0.5f, -3f];
        var bias = new Dictionary<int, float> { [0] = 0.7f };
        var sampler = Create(Greedy with { LogitBias = bias, Logprobs = true, TopLogprobs = 3 }, 4);
        var expected = LogSoftmax([1.7f, 2f, 0.5f, -3f]);

        var token = sampler.Sample(logits.ToArray());

        Assert.Equal(1, token.TokenId);
        Assert.Equal(expected[1], token.LogProbability, 5);
        Assert.Equal([1, 0, 2], token.TopLogProbabilities!.Select(t => t.TokenId));
        Assert.Equal(expected[1], token.TopLogProbabilities![0].LogProbability, 5);
        Assert.Equal(expected[0], token.TopLogProbabilities![1].LogProbability, 5);
        Assert.Equal(expected[2], token.TopLogProbabilities![2].LogProbability, 5);
    }

    [Fact]
    public void Greedy_top_alternatives_leave_out_banned_tokens()
    {
        var bias = new Dictionary<int, float> { [1] = -100f };
        var sampler = Create(Greedy with { LogitBias = bias, Logprobs = true, TopLogprobs = 5 }, 3);

        var token = sampler.Sample(new float[] { 1f, 5f, 0f });

        Assert.Equal(0, token.TokenId);
        Assert.Equal([0, 2], token.TopLogProbabilities!.Select(t => t.TokenId));
    }

    [Fact]
    public void Without_logprobs_neither_a_log_probability_nor_alternatives_are_computed()
    {
        var greedy = Create(Greedy, 3);
        var stochastic = Create(new SamplingParameters { Seed = 1 }, 3);

        var greedyToken = greedy.Sample(new float[] { 1f, 2f, 3f });
        var stochasticToken = stochastic.Sample(new float[] { 1f, 2f, 3f });

        Assert.True(float.IsNaN(greedyToken.LogProbability));
        Assert.Null(greedyToken.TopLogProbabilities);
        Assert.True(float.IsNaN(stochasticToken.LogProbability));
        Assert.Null(stochasticToken.TopLogProbabilities);
    }

    [Fact]
    public void Logprobs_without_top_logprobs_give_the_token_log_probability_only()
    {
        var sampler = Create(new SamplingParameters { Seed = 1, Logprobs = true }, 2);

        var token = sampler.Sample(new float[] { 0f, 0f });

        Assert.Equal(Math.Log(0.5), token.LogProbability, 5);
        Assert.Null(token.TopLogProbabilities);
    }

    [Fact]
    public void Logit_bias_can_move_the_argmax()
    {
        var bias = new Dictionary<int, float> { [0] = 2.5f };
        var sampler = Create(Greedy with { LogitBias = bias }, 3);

        var token = sampler.Sample(new float[] { 1f, 3f, 2f });

        Assert.Equal(0, token.TokenId);
    }

    [Fact]
    public void Logit_bias_of_minus_100_bans_the_token_even_at_high_temperature()
    {
        var bias = new Dictionary<int, float> { [0] = -100f };
        var sampler = Create(new SamplingParameters { Temperature = 2f, LogitBias = bias, Seed = 3 }, 2);

        var drawn = Enumerable.Range(0, 500).Select(_ => sampler.Sample(new float[] { 200f, 0f }).TokenId).ToHashSet();

        Assert.Equal([1], drawn);
    }

    [Fact]
    public void Repetition_penalty_divides_positive_logits_of_prompt_tokens()
    {
        var sampler = Create(Greedy with { RepetitionPenalty = 2f }, 3, prompt: [0]);

        var token = sampler.Sample(new float[] { 2f, 1.5f, 0f });

        Assert.Equal(1, token.TokenId);
    }

    [Fact]
    public void Repetition_penalty_multiplies_negative_logits_of_prompt_tokens()
    {
        var sampler = Create(Greedy with { RepetitionPenalty = 2f }, 3, prompt: [0]);

        var token = sampler.Sample(new float[] { -1f, -1.5f, -5f });

        Assert.Equal(1, token.TokenId);
    }

    [Fact]
    public void Repetition_penalty_covers_generated_tokens_too()
    {
        var sampler = Create(Greedy with { RepetitionPenalty = 2f }, 3);

        var first = sampler.Sample(new float[] { 2f, 1.5f, 0f });
        var second = sampler.Sample(new float[] { 2f, 1.5f, 0f });

        Assert.Equal(0, first.TokenId);
        Assert.Equal(1, second.TokenId);
    }

    [Fact]
    public void Presence_penalty_applies_to_generated_tokens_only()
    {
        var sampler = Create(Greedy with { PresencePenalty = 0.5f }, 3, prompt: [0, 0, 0]);

        var first = sampler.Sample(new float[] { 1f, 0.9f, 0f });
        var second = sampler.Sample(new float[] { 1f, 0.9f, 0f });

        Assert.Equal(0, first.TokenId);
        Assert.Equal(1, second.TokenId);
    }

    [Fact]
    public void Frequency_penalty_grows_with_each_repetition()
    {
        var sampler = Create(Greedy with { FrequencyPenalty = 0.06f }, 2);

        var tokens = Enumerable.Range(0, 3).Select(_ => sampler.Sample(new float[] { 1f, 0.9f }).TokenId).ToArray();

        // 1, then 1 - 0.06 = 0.94 > 0.9, then 1 - 0.12 = 0.88 < 0.9.
        Assert.Equal([0, 0, 1], tokens);
    }

    [Fact]
    public void Negative_presence_penalty_favours_repeating()
    {
        var sampler = Create(Greedy with { PresencePenalty = -1f }, 2);

        var first = sampler.Sample(new float[] { 1f, 0.5f });
        var second = sampler.Sample(new float[] { 0f, 0.5f });

        Assert.Equal(0, first.TokenId);
        Assert.Equal(0, second.TokenId);
    }

    [Fact]
    public void Ignore_eos_masks_end_of_generation_tokens()
    {
        var plain = Create(Greedy, 4, null, 3);
        var ignoring = Create(Greedy with { IgnoreEos = true }, 4, null, 3);

        Assert.Equal(3, plain.Sample(new float[] { 0f, 1f, 2f, 9f }).TokenId);
        Assert.Equal(2, ignoring.Sample(new float[] { 0f, 1f, 2f, 9f }).TokenId);
    }

    [Fact]
    public void Nothing_left_to_sample_fails_the_sequence_with_a_server_error()
    {
        var sampler = Create(Greedy with { IgnoreEos = true }, 3, null, 2);

        var error = Assert.Throws<SamplingFailedException>(() => sampler.Sample(new float[] { float.NaN, float.NegativeInfinity, 5f }));

        Assert.Equal(500, error.HttpStatus);
        Assert.Equal("server_error", error.ErrorType);
        Assert.Equal("sampling_failed", error.Code);
        Assert.Null(error.Param);
    }

    [Fact]
    public void NaN_logits_are_never_chosen()
    {
        var greedy = Create(Greedy, 3);
        var stochastic = Create(new SamplingParameters { Seed = 5 }, 3);

        Assert.Equal(1, greedy.Sample(new float[] { float.NaN, 0f, -1f }).TokenId);
        Assert.All(Enumerable.Range(0, 100), _ => Assert.NotEqual(0, stochastic.Sample(new float[] { float.NaN, 0f, 0f }).TokenId));
    }

    [Fact]
    public void Infinite_logits_win_with_a_finite_log_probability()
    {
        var greedy = Create(Greedy with { Logprobs = true }, 3);
        var stochastic = Create(new SamplingParameters { Seed = 5, Logprobs = true, TopLogprobs = 2 }, 3);

        var greedyToken = greedy.Sample(new float[] { 1f, float.PositiveInfinity, -1f });
        var stochasticToken = stochastic.Sample(new float[] { 1f, float.PositiveInfinity, float.NegativeInfinity });

        Assert.Equal(1, greedyToken.TokenId);
        Assert.Equal(0f, greedyToken.LogProbability, 5);
        Assert.Equal(1, stochasticToken.TokenId);
        Assert.True(float.IsFinite(stochasticToken.LogProbability));
        Assert.Equal([1], stochasticToken.TopLogProbabilities!.Select(t => t.TokenId));
    }

    [Fact]
    public void A_logits_row_of_the_wrong_length_is_rejected()
    {
        var sampler = Create(Greedy, 3);

        Assert.Throws<ArgumentException>(() => sampler.Sample(new float[4]));
    }

    [Fact]
    public void Prompt_tokens_outside_the_vocabulary_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(Greedy with { RepetitionPenalty = 1.1f }, 3, prompt: [3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(Greedy with { RepetitionPenalty = 1.1f }, 3, prompt: [-1]));
    }

    [Fact]
    public void Factory_validates_the_parameters_against_the_vocabulary()
    {
        var bias = new Dictionary<int, float> { [3] = 1f };

        var error = Assert.Throws<InvalidParameterException>(() => Create(Greedy with { LogitBias = bias }, 3));

        Assert.Equal("logit_bias", error.Param);
    }

    [Fact]
    public void Factory_rejects_null_arguments()
    {
        var vocabulary = FakeVocabulary.OfSize(3);

        Assert.Throws<ArgumentNullException>(() => SamplerFactory.Create(null!, [], vocabulary));
        Assert.Throws<ArgumentNullException>(() => SamplerFactory.Create(Greedy, null!, vocabulary));
        Assert.Throws<ArgumentNullException>(() => SamplerFactory.Create(Greedy, [], null!));
    }

    [Fact]
    public void Describing_a_greedy_distribution_is_refused()
    {
        var sampler = Create(Greedy, 3);

        Assert.Throws<InvalidOperationException>(() => sampler.DescribeDistribution(new float[3]));
    }

    [Fact]
    public void Stochastic_log_probability_is_that_of_the_distribution_drawn_from()
    {
        var parameters = new SamplingParameters { Temperature = 0.7f, TopK = 3, TopP = 0.9f, Seed = 11, Logprobs = true, TopLogprobs = 5 };
        float[] logits = [0.1f, 2f, 1.5f, 1.4f, -2f, 0.3f];
        var distribution = Create(parameters, logits.Length).DescribeDistribution(logits).ToDictionary(p => p.TokenId, p => p.Probability);
        var sampler = Create(parameters, logits.Length);

        for (var step = 0; step < 50; step++)
        {
            var token = sampler.Sample(logits.ToArray());

            Assert.Equal(Math.Log(distribution[token.TokenId]), token.LogProbability, 4);
            var top = token.TopLogProbabilities!;
            Assert.Equal(distribution.OrderByDescending(p => p.Value).Select(p => p.Key), top.Select(t => t.TokenId));
            Assert.All(top, t => Assert.Equal(Math.Log(distribution[t.TokenId]), t.LogProbability, 4));
        }
    }

    [Fact]
    public void Top_alternatives_over_the_whole_vocabulary_skip_tokens_min_p_dropped()
    {
        var parameters = new SamplingParameters { MinP = 0.5f, Seed = 2, Logprobs = true, TopLogprobs = 4 };
        float[] logits = [0f, 3f, 2.9f, -4f, 2.5f];
        var sampler = Create(parameters, logits.Length);

        var token = sampler.Sample(logits.ToArray());

        // exp(-0.1) and exp(-0.5) are over 0.5 of the top probability; exp(-3) is not.
        Assert.Equal([1, 2, 4], token.TopLogProbabilities!.Select(t => t.TokenId));
        Assert.Contains(token.TokenId, new[] { 1, 2, 4 });
    }

    [Fact]
    public void Stochastic_draws_follow_the_distribution()
    {
        float[] logits = [MathF.Log(0.1f), MathF.Log(0.2f), MathF.Log(0.3f), MathF.Log(0.4f)];
        var sampler = Create(new SamplingParameters { Seed = 12345 }, 4);
        const int draws = 40_000;

        var counts = new int[4];
        for (var i = 0; i < draws; i++)
        {
            counts[sampler.Sample(logits.ToArray()).TokenId]++;
        }

        Assert.InRange(counts[0] / (double)draws, 0.09, 0.11);
        Assert.InRange(counts[1] / (double)draws, 0.19, 0.21);
        Assert.InRange(counts[2] / (double)draws, 0.29, 0.31);
        Assert.InRange(counts[3] / (double)draws, 0.39, 0.41);
    }

    [Fact]
    public void Top_p_over_a_large_flat_vocabulary_grows_its_guess_until_it_reaches_p()
    {
        const int vocabSize = 5_000;
        var logits = Enumerable.Range(0, vocabSize).Select(i => -i * 1e-4f).ToArray();
        var sampler = Create(new SamplingParameters { TopP = 0.9f, Seed = 1 }, vocabSize);
        var reference = LogSoftmax(logits).Select(Math.Exp).ToArray();
        var needed = 0;
        for (var mass = 0.0; mass < 0.9; needed++)
        {
            mass += reference[needed];
        }

        var distribution = sampler.DescribeDistribution(logits);

        Assert.InRange(distribution.Count, needed - 1, needed + 1);
        Assert.Equal(Enumerable.Range(0, distribution.Count), distribution.Select(p => p.TokenId).Order());
    }

    [Fact]
    public void Top_p_of_one_keeps_the_whole_vocabulary_even_past_every_guess()
    {
        const int vocabSize = 3_000;
        var logits = new float[vocabSize];
        var sampler = Create(new SamplingParameters { TopP = 1f - 1e-7f, Seed = 1 }, vocabSize);

        var distribution = sampler.DescribeDistribution(logits);

        Assert.True(distribution.Count >= vocabSize - 1);
    }

    [Fact]
    public void Temperature_sharpens_and_flattens_the_distribution()
    {
        float[] logits = [0f, 1f];
        var cold = Create(new SamplingParameters { Temperature = 0.5f }, 2).DescribeDistribution(logits);
        var hot = Create(new SamplingParameters { Temperature = 2f }, 2).DescribeDistribution(logits);

        Assert.Equal(1 / (1 + Math.Exp(-2)), cold[1].Probability, 6);
        Assert.Equal(1 / (1 + Math.Exp(-0.5)), hot[1].Probability, 6);
    }

    [Fact]
    public void Samplers_without_a_seed_draw_different_streams()
    {
        var logits = new float[1_000];
        var a = Create(new SamplingParameters(), logits.Length);
        var b = Create(new SamplingParameters(), logits.Length);

        var streamA = Enumerable.Range(0, 20).Select(_ => a.Sample(logits.ToArray()).TokenId).ToArray();
        var streamB = Enumerable.Range(0, 20).Select(_ => b.Sample(logits.ToArray()).TokenId).ToArray();

        Assert.NotEqual(streamA, streamB);
    }

    [Fact]
    public void Top_alternatives_after_top_k_leave_out_tokens_of_zero_weight()
    {
        var parameters = new SamplingParameters { TopK = 3, Seed = 4, Logprobs = true, TopLogprobs = 5 };
        var sampler = Create(parameters, 4);

        var token = sampler.Sample(new float[] { 1f, float.NegativeInfinity, 0f, -2f });

        Assert.Equal([0, 2, 3], token.TopLogProbabilities!.Select(t => t.TokenId));
    }

    [Fact]
    public void Greedy_top_alternatives_fill_up_to_the_number_asked_for()
    {
        var sampler = Create(Greedy with { Logprobs = true, TopLogprobs = 2 }, 4);

        var token = sampler.Sample(new float[] { 1f, 3f, 2f, 0f });

        Assert.Equal([1, 2], token.TopLogProbabilities!.Select(t => t.TokenId));
    }

    [Fact]
    public void Top_k_larger_than_the_vocabulary_keeps_everything()
    {
        float[] logits = [0f, 1f, 2f];
        var sampler = Create(new SamplingParameters { TopK = 10 }, 3);

        var distribution = sampler.DescribeDistribution(logits);

        Assert.Equal(3, distribution.Count);
    }
}

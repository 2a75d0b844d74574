using CsCheck;
using Wick.Core.Sampling;
using static Wick.Core.Tests.Sampling.SequenceSamplerTests;

namespace Wick.Core.Tests.Sampling;

public sealed class SamplingPropertyTests
{
    private const double Tolerance = 1e-5;

    private static readonly Gen<float[]> Logits = Gen.Float[-15f, 15f].Array[1, 200];
    private static readonly Gen<float> Temperature = Gen.Float[0.05f, 2f];
    private static readonly Gen<float> TopP = Gen.Float[0.05f, 1f];
    private static readonly Gen<float> MinP = Gen.Float[0f, 0.6f];

    [Fact]
    public void Each_transform_leaves_a_distribution_that_sums_to_one()
    {
        var gen = Gen.Select(Logits, Temperature, Gen.Int[1, 60], TopP, MinP);

        gen.Sample((logits, temperature, topK, topP, minP) =>
        {
            SamplingParameters[] stages =
            [
                new() { Temperature = temperature },
                new() { Temperature = temperature, TopK = topK },
                new() { Temperature = temperature, TopK = topK, TopP = topP },
                new() { Temperature = temperature, TopK = topK, TopP = topP, MinP = minP },
                new() { Temperature = temperature, TopP = topP },
                new() { Temperature = temperature, TopP = topP, MinP = minP },
                new() { Temperature = temperature, MinP = minP },
            ];

            foreach (var parameters in stages)
            {
                var distribution = Create(parameters, logits.Length).DescribeDistribution(logits);

                Assert.NotEmpty(distribution);
                Assert.All(distribution, p => Assert.True(double.IsFinite(p.Probability) && p.Probability > 0 && p.Probability <= 1 + Tolerance));
                Assert.Equal(1.0, distribution.Sum(p => p.Probability), Tolerance);
                Assert.Equal(distribution.Count, distribution.Select(p => p.TokenId).Distinct().Count());
            }
        });
    }

    [Fact]
    public void Penalties_and_biases_still_leave_a_finite_distribution()
    {
        var bias = Gen.Dictionary(Gen.Int[0, 9], Gen.Float[-100f, 100f])[0, 5];
        var penalties = Gen.Select(Gen.Float[-2f, 2f], Gen.Float[-2f, 2f], Gen.Float[0.01f, 3f]);
        var gen = Gen.Select(Gen.Float[-15f, 15f].Array[10, 60], Gen.Int[0, 9].Array[0, 20], bias, penalties, Gen.Long);

        gen.Sample((logits, history, biases, penalty, seed) =>
        {
            var (presence, frequency, repetition) = penalty;
            var parameters = new SamplingParameters
            {
                Temperature = 0.8f, PresencePenalty = presence, FrequencyPenalty = frequency, RepetitionPenalty = repetition,
                LogitBias = biases, Seed = seed, Logprobs = true,
            };
            var sampler = Create(parameters, logits.Length, prompt: history);

            for (var step = 0; step < 5; step++)
            {
                var distribution = sampler.DescribeDistribution(logits);
                var token = sampler.Sample(logits.ToArray());

                Assert.Equal(1.0, distribution.Sum(p => p.Probability), Tolerance);
                Assert.True(float.IsFinite(token.LogProbability) && token.LogProbability <= 1e-6f);
                Assert.Contains(token.TokenId, distribution.Select(p => p.TokenId));
            }
        });
    }

    [Fact]
    public void Top_k_keeps_at_most_k_of_the_largest_logits()
    {
        Gen.Select(Logits, Gen.Int[1, 60], Temperature).Sample((logits, topK, temperature) =>
        {
            var distribution = Create(new SamplingParameters { Temperature = temperature, TopK = topK }, logits.Length).DescribeDistribution(logits);
            var kthLargest = logits.OrderDescending().ElementAt(Math.Min(topK, logits.Length) - 1);

            Assert.True(distribution.Count <= topK);
            Assert.All(distribution, p => Assert.True(logits[p.TokenId] >= kthLargest));
        });
    }

    [Fact]
    public void Top_p_keeps_the_smallest_set_of_most_likely_tokens_reaching_p()
    {
        Gen.Select(Logits, TopP, Temperature, Gen.Bool).Sample((logits, topP, temperature, withTopK) =>
        {
            // top_k one under the vocabulary, or off: both top_p paths (after top_k, over everything) are exercised.
            var topK = withTopK ? Math.Max(1, logits.Length - 1) : 0;
            var parameters = new SamplingParameters { Temperature = temperature, TopP = topP, TopK = topK };
            var distribution = Create(parameters, logits.Length).DescribeDistribution(logits);
            var reference = LogSoftmax(logits, temperature).Select(Math.Exp).ToArray();
            var pool = Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).ThenBy(i => i).Take(topK > 0 ? topK : logits.Length).ToArray();
            var mass = pool.Sum(i => reference[i]);
            var kept = distribution.Select(p => p.TokenId).ToHashSet();
            var dropped = pool.Where(i => !kept.Contains(i)).ToArray();
            var lightestKept = kept.Min(i => reference[i]);

            // Most likely first (up to ties, which floats make common), reaching p, and no token more than needed.
            Assert.Subset(pool.ToHashSet(), kept);
            Assert.True(dropped.Length == 0 || dropped.Max(i => reference[i]) <= lightestKept * (1 + Tolerance), "a dropped token is more likely than a kept one");
            Assert.True(kept.Sum(i => reference[i]) / mass >= topP - Tolerance, "the kept tokens reach p");
            Assert.True((kept.Sum(i => reference[i]) - lightestKept) / mass < topP + Tolerance, "a smaller set reaches p");
        });
    }

    [Fact]
    public void Min_p_drops_exactly_the_tokens_under_min_p_times_the_top_probability()
    {
        Gen.Select(Logits, MinP, Temperature).Sample((logits, minP, temperature) =>
        {
            var parameters = new SamplingParameters { Temperature = temperature, MinP = minP };
            var kept = Create(parameters, logits.Length).DescribeDistribution(logits).Select(p => p.TokenId).ToHashSet();
            var max = logits.Max();

            for (var i = 0; i < logits.Length; i++)
            {
                var ratio = Math.Exp((logits[i] - max) / temperature);
                if (ratio < minP - Tolerance)
                {
                    Assert.DoesNotContain(i, kept);
                }
                else if (ratio > minP + Tolerance)
                {
                    Assert.Contains(i, kept);
                }
            }
        });
    }

    [Fact]
    public void Min_p_of_one_keeps_only_the_most_likely_token()
    {
        Gen.Select(Logits, Temperature, Gen.Bool).Sample((logits, temperature, withTopK) =>
        {
            var parameters = new SamplingParameters { Temperature = temperature, MinP = 1f, TopK = withTopK ? 5 : 0 };

            var distribution = Create(parameters, logits.Length).DescribeDistribution(logits);

            Assert.All(distribution, p => Assert.Equal(logits.Max(), logits[p.TokenId]));
        });
    }

    [Fact]
    public void Tokens_with_a_bias_of_minus_100_are_never_sampled()
    {
        var gen = Gen.Select(Gen.Float[-15f, 15f].Array[2, 80], Gen.Float[0f, 2f], Gen.Int[0, 10], Gen.Float[0.05f, 1f], Gen.Long)
            .SelectMany((logits, temperature, topK, topP, seed) =>
                Gen.Bool.Array[logits.Length].Where(banned => banned.Contains(false)).Select(banned => (logits, temperature, topK, topP, seed, banned)));

        gen.Sample(c =>
        {
            var bias = Enumerable.Range(0, c.logits.Length).Where(i => c.banned[i]).ToDictionary(i => i, _ => -100f);
            var parameters = new SamplingParameters { Temperature = c.temperature, TopK = c.topK, TopP = c.topP, LogitBias = bias, Seed = c.seed };
            var sampler = Create(parameters, c.logits.Length);

            for (var step = 0; step < 20; step++)
            {
                Assert.DoesNotContain(sampler.Sample(c.logits.ToArray()).TokenId, bias.Keys);
            }
        });
    }

    [Fact]
    public void Vanishing_temperature_samples_the_greedy_token()
    {
        var gen = Gen.Select(Gen.Int[-1000, 1000].Array[1, 200], Gen.Int.Uniform, Gen.Long);

        gen.Sample((grid, pick, seed) =>
        {
            // Logits a hundredth apart, with one clear maximum.
            var logits = grid.Select(g => g / 100f).ToArray();
            logits[(int)((uint)pick % logits.Length)] = logits.Max() + 0.5f;
            var greedy = Create(new SamplingParameters { Temperature = 0f }, logits.Length);
            var cold = Create(new SamplingParameters { Temperature = 1e-5f, Seed = seed, TopP = 0.5f }, logits.Length);

            Assert.Equal(greedy.Sample(logits.ToArray()).TokenId, cold.Sample(logits.ToArray()).TokenId);
        });
    }

    [Fact]
    public void Same_seed_gives_the_same_tokens_whatever_else_is_sampled_in_between()
    {
        var rows = Gen.Float[-10f, 10f].Array[64].Array[1, 12];
        var parameters = Gen.Select(Gen.Float[0f, 2f], Gen.Int[0, 20], TopP, MinP, Gen.Float[-2f, 2f], Gen.Float[1f, 1.5f], Gen.Long)
            .Select((temperature, topK, topP, minP, presence, repetition, seed) => new SamplingParameters
            {
                Temperature = temperature, TopK = topK, TopP = topP, MinP = minP, PresencePenalty = presence, FrequencyPenalty = presence / 2,
                RepetitionPenalty = repetition, Seed = seed, Logprobs = true, TopLogprobs = 3,
            });

        Gen.Select(rows, parameters, Gen.Int[0, 63].Array[0, 30]).Sample((steps, p, prompt) =>
        {
            var alone = Create(p, 64, prompt);
            var batched = Create(p, 64, prompt);
            var neighbour = Create(p with { Seed = p.Seed + 1 }, 64, prompt);

            foreach (var row in steps)
            {
                var expected = alone.Sample(row.ToArray());
                neighbour.Sample(row.ToArray());
                var actual = batched.Sample(row.ToArray());
                neighbour.Sample(row.ToArray());

                Assert.Equal(expected.TokenId, actual.TokenId);
                Assert.Equal(expected.LogProbability, actual.LogProbability);
                Assert.Equal(expected.TopLogProbabilities, actual.TopLogProbabilities);
            }
        });
    }
}

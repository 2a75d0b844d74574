using System.Globalization;
using Wick.Core.Execution;
using Wick.Core.Sampling;
using Wick.Core.Text;
using Wick.Server.Configuration;
using Wick.Server.Hosting;

namespace Wick.Model.Tests.Engine;

/// <summary>
/// A seeded request's output depends on its seed and prompt only: alone, or sharing every decode step with 15 other
/// requests that sample differently, through the real llama.cpp engine and the tiny model.
/// </summary>
public sealed class SeededSamplingInBatchTests
{
    private static readonly SamplingParameters Seeded = new() { Temperature = 1.5f, TopK = 40, TopP = 0.95f, Seed = 1234, MaxTokens = 24, IgnoreEos = true };

    [Fact(Timeout = 60_000)]
    public async Task Same_seed_and_prompt_give_the_same_text_alone_and_in_a_batch_of_16()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await WickHost.LoadAsync(new WickOptions { MaxSequences = 16 }, loggerFactory: null, ct);
        var engine = model.Served.Engine;
        var prompt = await model.Served.Tokenizer.TokenizeAsync("12+34=", addSpecial: true, ct);

        var alone = await GenerateAsync(engine, prompt, Seeded, ct);
        var steps = engine.GetMetrics().Steps;

        var random = new Random(99);
        var others = new List<Task<GenerationResult>>();
        for (var i = 0; i < 15; i++)
        {
            var other = await model.Served.Tokenizer.TokenizeAsync(
                string.Create(CultureInfo.InvariantCulture, $"{random.Next(100)}+{random.Next(100)}="), addSpecial: true, ct);
            others.Add(GenerateAsync(engine, other, Seeded with { Seed = 5000 + i, Temperature = 0.5f + (i % 4) * 0.5f }, ct));
        }

        var together = GenerateAsync(engine, prompt, Seeded, ct);
        await Task.WhenAll([.. others, together]);
        var batched = await together;
        var batchedSteps = engine.GetMetrics().Steps - steps;
        var differentSeed = await GenerateAsync(engine, prompt, Seeded with { Seed = 4321 }, ct);

        Assert.Equal(alone.TokenIds, batched.TokenIds);
        Assert.Equal(alone.Text, batched.Text);
        Assert.Equal(Seeded.MaxTokens, alone.TokenIds.Count);
        // The 16 requests really shared steps: far fewer steps than 16 sequences × 24 tokens run one at a time.
        Assert.True(batchedSteps < 16 * Seeded.MaxTokens / 2, $"{batchedSteps} steps for 16 requests");
        // And the seed matters, so the equality above is not vacuous.
        Assert.NotEqual(alone.TokenIds, differentSeed.TokenIds);
    }

    private static Task<GenerationResult> GenerateAsync(InferenceEngine engine, IReadOnlyList<int> prompt, SamplingParameters sampling, CancellationToken ct)
    {
        var vocabulary = engine.Vocabulary;
        var handle = engine.Submit(
            new GenerationRequest(prompt, sampling.MaxTokens, SamplerFactory.Create(sampling, prompt, vocabulary), new StopStringOutputProcessor(vocabulary, null))
            {
                IgnoreEndOfGeneration = true,
            },
            ct);
        return handle.ReadToEndAsync(ct);
    }
}

using System.Globalization;
using Wick.Core.Execution;
using Wick.Core.Sampling;
using Wick.Core.Text;
using Wick.Server.Configuration;
using Wick.Server.Hosting;

namespace Wick.Model.Tests.Engine;

/// <summary>The shipped tiny model through the real engine: 32 prompts at once answer exactly as each does alone, in shared steps.</summary>
public sealed class TinyArithBatchingTests
{
    [Fact(Timeout = 120_000)]
    public async Task Thirty_two_sums_at_once_give_exactly_the_greedy_answers_each_gives_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await WickHost.LoadAsync(new WickOptions { MaxSequences = 32 }, loggerFactory: null, ct);
        var engine = model.Served.Engine;
        var random = new Random(2024);
        var problems = Enumerable.Range(0, 32).Select(_ => (A: random.Next(100), B: random.Next(100))).ToList();
        var prompts = new List<IReadOnlyList<int>>();
        foreach (var (a, b) in problems)
        {
            prompts.Add(await model.Served.Tokenizer.TokenizeAsync(string.Create(CultureInfo.InvariantCulture, $"{a}+{b}="), addSpecial: true, ct));
        }

        var alone = new List<GenerationResult>();
        foreach (var prompt in prompts)
        {
            alone.Add(await Greedy(engine, prompt, ct));
        }

        var stepsAlone = engine.GetMetrics().Steps;
        var together = await Task.WhenAll(prompts.Select(p => Greedy(engine, p, ct)));
        var stepsTogether = engine.GetMetrics().Steps - stepsAlone;
        await engine.WhenIdleAsync(ct);

        for (var i = 0; i < prompts.Count; i++)
        {
            Assert.Equal(alone[i].TokenIds, together[i].TokenIds);
            Assert.Equal(alone[i].Text, together[i].Text);
        }

        // Greedy answers are the sums themselves (the model learned them; two-digit pairs may include held-out ones).
        var correct = problems.Zip(together).Count(p => p.Second.Text == (p.First.A + p.First.B).ToString(CultureInfo.InvariantCulture));
        Assert.True(correct >= 31, $"{correct}/32 sums right");
        // 32 requests of ~4 tokens each took a handful of shared steps, not one step per request per token.
        Assert.True(stepsTogether < stepsAlone / 4, $"{stepsTogether} steps together vs {stepsAlone} alone");
        Assert.Equal(0, engine.GetMetrics().KvCellsInUse);
    }

    private static Task<GenerationResult> Greedy(InferenceEngine engine, IReadOnlyList<int> prompt, CancellationToken ct)
    {
        var sampling = new SamplingParameters { Temperature = 0, MaxTokens = 8 };
        return engine.Submit(
            new GenerationRequest(prompt, 8, SamplerFactory.Create(sampling, prompt, engine.Vocabulary), new StopStringOutputProcessor(engine.Vocabulary, null)),
            ct).ReadToEndAsync(ct);
    }
}
